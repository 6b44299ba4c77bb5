import { Account } from "../shared/accounts-table";
import { AccountsPage } from "./accounts";
import { Page } from "./request";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
    return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]) : text; // most values need nothing
}

/**
 * The accounts page as a complete HTML document. Every value from the database is escaped, and the
 * page's Content-Security-Policy forbids scripts as a second line of defence.
 */
export function renderAccountsPage({ accounts, hasMore }: AccountsPage, page: Page): string {
    const body =
        accounts.length === 0
            ? `<p class="empty">${page.offset === 0 ? "No accounts yet." : "No accounts on this page."}</p>`
            : `<table>
<thead><tr><th>ID</th><th>Name</th><th>Email</th><th>Created</th></tr></thead>
<tbody>
${accounts.map(row).join("\n")}
</tbody>
</table>
<p class="summary">Showing ${page.offset + 1}&ndash;${page.offset + accounts.length}</p>`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accounts</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}th,td{padding:.4rem .8rem;border-bottom:1px solid #ddd;text-align:left}.empty{color:#666}</style>
</head>
<body>
<h1>Accounts</h1>
${body}
${navigation(page, hasMore)}
</body>
</html>
`;
}

function row(account: Account): string {
    return `<tr><td>${account.id}</td><td>${escapeHtml(account.name)}</td><td>${escapeHtml(account.email)}</td><td>${escapeHtml(account.createdAt)}</td></tr>`;
}

function navigation(page: Page, hasMore: boolean): string {
    const links: string[] = [];
    if (page.offset > 0) links.push(link("Previous", page.limit, Math.max(0, page.offset - page.limit)));
    if (hasMore) links.push(link("Next", page.limit, page.offset + page.limit));
    return links.length > 0 ? `<nav>${links.join(" ")}</nav>` : "";
}

function link(label: string, limit: number, offset: number): string {
    return `<a href="?limit=${limit}&amp;offset=${offset}">${label}</a>`;
}
