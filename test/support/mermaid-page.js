/* global document, mermaid, window */
// Runs in the browser page (test/support/mermaid-browser.ts adds it after Mermaid's own bundle): renders a
// diagram as GitHub shows one, its SVG scaled to fit a column of the README's width, and measures it.
window.renderDiagram = async (text, columnWidth) => {
    // Mermaid's classic look, its only one before version 12 made a new one the default: renderers that lag a
    // major version behind (a README's host may) draw this one.
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", look: "classic" });
    const column = document.createElement("div");
    column.style.width = `${columnWidth}px`;
    column.style.background = "white";
    document.body.replaceChildren(column);
    try {
        const { svg } = await mermaid.render(`diagram${Date.now()}`, text);
        column.innerHTML = svg;
    } catch (error) {
        return { error: String(error && error.message ? error.message : error) };
    }
    const element = column.querySelector("svg");
    // Some failures are drawn (Mermaid's "Syntax error in text" diagram) rather than thrown.
    if (element.querySelector(".error-text, .error-icon"))
        return { error: `Mermaid drew an error: ${element.textContent}` };
    const viewBox = element.viewBox.baseVal;
    const shown = element.getBoundingClientRect();
    const labels = [...element.querySelectorAll(".nodeLabel, .edgeLabel, .cluster-label")].map((l) => ({
        text: l.textContent.trim(),
        fontPx: parseFloat(window.getComputedStyle(l).fontSize) * (shown.width / viewBox.width),
    }));
    // Each subgraph's box in the SVG's own coordinates, by the subgraph's ID (Mermaid prefixes the diagram's).
    const clusters = [...element.querySelectorAll("g.cluster")].map((g) => {
        const rect = g.querySelector("rect");
        const at = (name) => parseFloat(rect.getAttribute(name));
        return { id: g.id.replace(/^[^-]*-/, ""), x: at("x"), y: at("y"), width: at("width"), height: at("height") };
    });
    return {
        svg: element.outerHTML,
        clusters,
        width: viewBox.width,
        height: viewBox.height,
        shownWidth: shown.width,
        shownHeight: shown.height,
        labels: labels.filter((l) => l.text !== ""),
    };
};
