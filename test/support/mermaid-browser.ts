import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BrowserContext, Page, chromium } from "playwright-core";

/** The browser: Debian's chromium (scripts/ensure-chromium.sh installs it), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** GitHub's README column is 830 to 900 px wide: a diagram wider than this is scaled down to fit it. */
export const README_WIDTH = 830;
const MERMAID_BUNDLE = require.resolve("mermaid/dist/mermaid.min.js");
const PAGE_SCRIPT = path.join(__dirname, "mermaid-page.js");

/** Chromium as root, headless, with nothing of its own reaching out (no updates, sync, QUIC, GPU). */
const FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

export interface RenderedDiagram {
    /** Mermaid's parse or render error, if any: then nothing else is set. */
    error?: string;
    svg: string;
    /** The SVG's own size (its viewBox), before any scaling to the column. */
    width: number;
    height: number;
    /** Its size as shown in a column README_WIDTH wide. */
    shownWidth: number;
    shownHeight: number;
    /** Each subgraph's box, in the SVG's coordinates. */
    clusters: { id: string; x: number; y: number; width: number; height: number }[];
    /** Every label and its font size as shown, in CSS pixels. */
    labels: { text: string; fontPx: number }[];
}

/**
 * A Chromium page with the Mermaid build from npm loaded, rendering diagrams as a README shows them. The page
 * loads nothing over the network: its scripts are read from node_modules, and any request it would make is
 * refused and recorded in `requests` (a test asserts there are none).
 */
export class MermaidBrowser {
    readonly requests: string[] = [];
    readonly pageErrors: string[] = [];

    private constructor(
        private readonly context: BrowserContext,
        private readonly page: Page,
        private readonly userDataDir: string,
    ) {}

    static async launch(): Promise<MermaidBrowser> {
        if (!fs.existsSync(CHROMIUM_PATH))
            throw new Error(
                `no browser at ${CHROMIUM_PATH}. Fix: run bash scripts/ensure-chromium.sh, or set CHROMIUM_PATH.`,
            );
        const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-chromium-"));
        const context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: CHROMIUM_PATH,
            args: FLAGS,
            viewport: { width: README_WIDTH + 40, height: 800 },
        });
        const browser = new MermaidBrowser(context, context.pages()[0] ?? (await context.newPage()), userDataDir);
        try {
            await context.route("**/*", (route) => {
                browser.requests.push(route.request().url());
                return route.abort();
            });
            browser.page.on("pageerror", (error) => browser.pageErrors.push(error.message));
            await browser.page.setContent("<!doctype html><html><body></body></html>");
            await browser.page.addScriptTag({ path: MERMAID_BUNDLE });
            await browser.page.addScriptTag({ path: PAGE_SCRIPT });
            return browser;
        } catch (error) {
            await browser.close();
            throw error;
        }
    }

    /**
     * Renders a diagram in a column README_WIDTH wide; a parse or render error is returned in `error`. With
     * `screenshot`, also saves a PNG of the column there, for a person to look at.
     */
    async render(text: string, screenshot?: string): Promise<RenderedDiagram> {
        const rendered = await this.page.evaluate(
            ([t, width]) =>
                (
                    globalThis as unknown as { renderDiagram(t: string, w: number): Promise<RenderedDiagram> }
                ).renderDiagram(t, width),
            [text, README_WIDTH] as const,
        );
        if (screenshot) await this.page.locator("body > div").screenshot({ path: screenshot });
        return rendered;
    }

    async close(): Promise<void> {
        await this.context.close();
        fs.rmSync(this.userDataDir, { recursive: true, force: true });
    }
}
