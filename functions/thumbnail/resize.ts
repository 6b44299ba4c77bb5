import sharp, { Metadata } from "sharp";

/** Formats the pipeline keeps as they are, with their content type. */
export const FORMATS = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" } as const;
export type ThumbnailFormat = keyof typeof FORMATS;

/** sharp's guard against decompression bombs: more pixels than this fails instead of exhausting memory. */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

export class UnsupportedImageError extends Error {
    constructor(detail: string) {
        super(`not a supported image (JPEG, PNG or WebP): ${detail}`);
        this.name = "UnsupportedImageError";
    }
}

export interface Thumbnail {
    body: Buffer;
    format: ThumbnailFormat;
    contentType: string;
    width: number;
    height: number;
}

/**
 * A thumbnail at half the original's dimensions (the notes' behaviour), capped at `maxDimension` on its
 * longer side, in the original's format, upright (EXIF orientation applied), alpha kept for PNG and WebP.
 */
export async function makeThumbnail(
    input: Buffer,
    maxDimension: number,
    maxInputPixels = DEFAULT_MAX_INPUT_PIXELS,
): Promise<Thumbnail> {
    const image = sharp(input, { limitInputPixels: maxInputPixels, failOn: "error" });
    let metadata: Metadata;
    try {
        metadata = await image.metadata();
    } catch (error) {
        throw new UnsupportedImageError((error as Error).message);
    }
    const format = metadata.format as string;
    if (!(format in FORMATS)) throw new UnsupportedImageError(`the format is ${format ?? "unknown"}`);
    // EXIF orientations 5-8 swap width and height once applied.
    const swap = (metadata.orientation ?? 1) >= 5;
    const width = (swap ? metadata.height : metadata.width) ?? 0;
    const height = (swap ? metadata.width : metadata.height) ?? 0;
    const scale = Math.min(0.5, maxDimension / Math.max(width, height));
    const target = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
    try {
        const { data, info } = await image
            .rotate()
            .resize({ ...target, fit: "inside" })
            .toFormat(format as ThumbnailFormat)
            .toBuffer({ resolveWithObject: true });
        const kept = format as ThumbnailFormat;
        return { body: data, format: kept, contentType: FORMATS[kept], width: info.width, height: info.height };
    } catch (error) {
        throw new UnsupportedImageError((error as Error).message);
    }
}
