/**
 * Thumbnails of a 12-megapixel JPEG: sharp (the layer's library, through the function's own code) against
 * jimp (pure JavaScript) doing the same resize, each in a fresh process so peak memory is its own.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import sharp from "sharp";
import { REPO_ROOT, TS_REGISTER } from "../tools/paths";
import { fmt, table } from "./stats";

const SECONDS = 5;

/** One library's run, in a child process: thumbnails per second, and the process's peak RSS. */
const RUNNER = `
const fs = require("fs");
const [library, file, seconds] = process.argv.slice(1);
const input = fs.readFileSync(file);
(async () => {
    let run;
    if (library === "sharp") {
        const { makeThumbnail } = require(process.env.THUMBNAIL_MODULE);
        run = () => makeThumbnail(input, 1024);
    } else {
        const { Jimp } = require("jimp");
        run = async () => {
            const image = await Jimp.read(input);
            image.scaleToFit({ w: 1024, h: 1024 });
            return image.getBuffer("image/jpeg");
        };
    }
    await run(); // warm
    let count = 0;
    const end = Date.now() + Number(seconds) * 1000;
    const start = Date.now();
    while (Date.now() < end || count === 0) { await run(); count++; }
    const elapsed = (Date.now() - start) / 1000;
    process.stdout.write(JSON.stringify({ perSecond: count / elapsed, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
})();`;

export async function benchThumbnails(): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-bench-"));
    try {
        // 12 MP (4000 × 3000) with detail, so the encoder has real work: a noise-filled photo stand-in.
        const width = 4000,
            height = 3000;
        const noise = Buffer.alloc(width * height * 3);
        for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
        const file = path.join(dir, "12mp.jpg");
        await sharp(noise, { raw: { width, height, channels: 3 } })
            .jpeg({ quality: 90 })
            .toFile(file);
        const results = Object.fromEntries(
            ["sharp", "jimp"].map((library) => [
                library,
                JSON.parse(
                    execFileSync(process.execPath, ["-r", TS_REGISTER, "-e", RUNNER, library, file, String(SECONDS)], {
                        cwd: REPO_ROOT,
                        encoding: "utf8",
                        env: {
                            ...process.env,
                            THUMBNAIL_MODULE: path.join(REPO_ROOT, "functions", "thumbnail", "resize.ts"),
                        },
                    }),
                ),
            ]),
        ) as Record<string, { perSecond: number; peakRssMb: number }>;
        const rows = [
            ["sharp (the layer's library)", fmt(results.sharp.perSecond, 2), fmt(results.sharp.peakRssMb, 0)],
            ["jimp (pure JavaScript, baseline)", fmt(results.jimp.perSecond, 2), fmt(results.jimp.peakRssMb, 0)],
        ];
        return (
            `## Thumbnails\n\nA 4000 × 3000 JPEG (${fmt(fs.statSync(file).size / 1048576, 1)} MiB) to a thumbnail of at most 1024 px, one at a time for ${SECONDS} s\n\n` +
            table(["library", "thumbnails/s", "peak RSS MiB"], rows) +
            `\n\nsharp: ${fmt(results.sharp.perSecond / results.jimp.perSecond, 1)}× the throughput of jimp (target ≥ 10×), ` +
            `${fmt(results.jimp.peakRssMb / results.sharp.peakRssMb, 1)}× less peak memory`
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
