import * as assert from "assert/strict";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/paths";
import { renderMermaid } from "../../tools/preview/mermaid";
import { readmeDiagram } from "../support/diagram";
import { evaluateStackOnce } from "../support/harness";
import { MermaidBrowser, RenderedDiagram } from "../support/mermaid-browser";

/** The smallest label size (CSS px) we call readable once a diagram is scaled to the README's column. */
const MIN_FONT_PX = 11;
/** Where the screenshots go, for a person (or CI's artifacts) to look at. */
const SCREENSHOTS = path.join(REPO_ROOT, ".test-results", "diagrams");

/** Fails with Mermaid's own message when it could not parse or draw the diagram. */
function assertRendered(name: string, rendered: RenderedDiagram): void {
    if (rendered.error !== undefined) assert.fail(`${name}: Mermaid could not render the diagram: ${rendered.error}`);
    assert.ok(rendered.width > 0 && rendered.height > 0, `${name}: an empty drawing`);
}

/** The zones' boxes, in the order their names sort (a, b, c): drawn side by side, left to right. */
function assertZonesInOrder(name: string, rendered: RenderedDiagram): void {
    const zones = rendered.clusters
        .filter((c) => /_[a-z]+_[a-z]+_\d[a-z]$/.test(c.id))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.ok(zones.length >= 2, `${name}: zones drawn: ${rendered.clusters.map((c) => c.id).join(", ")}`);
    for (let i = 1; i < zones.length; i++) {
        assert.ok(
            zones[i - 1].x + zones[i - 1].width <= zones[i].x,
            `${name}: ${zones[i - 1].id} left of ${zones[i].id}`,
        );
        const beside = zones[i].y < zones[0].y + zones[0].height && zones[0].y < zones[i].y + zones[i].height;
        assert.ok(beside, `${name}: ${zones[i].id} beside ${zones[0].id}`);
    }
}

/** Every label at least MIN_FONT_PX once the diagram is scaled to the README's column. */
function assertLegible(name: string, rendered: RenderedDiagram): void {
    const smallest = rendered.labels.reduce((a, b) => (b.fontPx < a.fontPx ? b : a));
    assert.ok(
        smallest.fontPx >= MIN_FONT_PX,
        `${name}: "${smallest.text}" shown at ${smallest.fontPx.toFixed(1)} px (${rendered.width} px wide)`,
    );
}

describe("architecture diagrams rendered by Mermaid in Chromium", function () {
    this.timeout(60_000);
    let browser: MermaidBrowser;
    // The README's diagram is the dev stack's (test/tools/mermaid.test.ts): the same text is rendered once.
    const renders = new Map<string, { rendered: Promise<RenderedDiagram>; screenshot: string }>();
    const render = async (diagram: string, name: string) => {
        const screenshot = path.join(SCREENSHOTS, `${name}.png`);
        const earlier = renders.get(diagram);
        if (!earlier) renders.set(diagram, { rendered: browser.render(diagram, screenshot), screenshot });
        const rendered = await renders.get(diagram)!.rendered;
        if (earlier) fs.copyFileSync(earlier.screenshot, screenshot);
        return rendered;
    };
    before(async () => {
        browser = await MermaidBrowser.launch();
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
    });
    after(async () => {
        await browser?.close();
    });

    // GitHub scales a diagram wider than the column down to it: the README's is held to the stacks' rule, legible
    // once scaled (with three functions in the VPC, the dev stack's is about 930 px wide: 12.4 px labels).
    it("renders the README's diagram legible at README width", async () => {
        const rendered = await render(readmeDiagram(), "readme");
        assertRendered("README.md", rendered);
        assertZonesInOrder("README.md", rendered);
        assertLegible("README.md", rendered);
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`renders the ${stack} stack's diagram, legible in a README's column`, async () => {
            const rendered = await render(renderMermaid(await evaluateStackOnce(stack)), stack);
            assertRendered(stack, rendered);
            assertZonesInOrder(stack, rendered);
            assertLegible(stack, rendered);
        });
    }

    it("fails on a diagram Mermaid cannot parse", async () => {
        const broken = renderMermaid(await evaluateStackOnce("dev")).replace(
            '["Internet gateway"]',
            '["Internet gateway"',
        );
        const rendered = await browser.render(broken);
        assert.throws(
            () => assertRendered("broken", rendered),
            /Mermaid could not render the diagram: Parse error on line \d+/,
        );
    });

    it("loaded nothing over the network and raised no error in the page", () => {
        assert.deepEqual(browser.requests, []);
        assert.deepEqual(browser.pageErrors, []);
    });
});
