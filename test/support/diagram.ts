import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/paths";

/** The README's architecture diagram: the text of its Mermaid code block. */
export function readmeDiagram(): string {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const block = /^```mermaid\n([\s\S]*?)\n```$/m.exec(readme);
    if (!block)
        throw new Error("README.md has no ```mermaid block. Fix: paste in npm run -s preview -- --format mermaid.");
    return block[1];
}

/** A Mermaid flowchart's links, parsed back from the lines `a -->|"label"| b` that renderMermaid writes. */
export function linksOf(diagram: string): { from: string; arrow: string; text?: string; to: string }[] {
    return [...diagram.matchAll(/^ {2}(\w+) ([-.~<>]+)(?:\|"([^"]*)"\|)? (\w+)$/gm)].map(
        ([, from, arrow, text, to]) => ({
            from,
            arrow,
            text,
            to,
        }),
    );
}

/** A flowchart's nodes (not its subgraphs) in the order declared, each with the subgraphs it is in, outermost first. */
export function nodesOf(diagram: string): { id: string; within: string[] }[] {
    const open: string[] = [];
    const nodes: { id: string; within: string[] }[] = [];
    for (const line of diagram.split("\n")) {
        const subgraph = /^ *subgraph (\w+)/.exec(line)?.[1];
        const node = /^ +(\w+)[[({]/.exec(line)?.[1];
        if (subgraph) open.push(subgraph);
        else if (line.trim() === "end") open.pop();
        else if (node) nodes.push({ id: node, within: [...open] });
    }
    return nodes;
}
