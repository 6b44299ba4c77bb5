/**
 * Stands in for `iconv-lite` in the function bundles, which it would grow by about 490 KB. mysql2 only
 * reaches it for character sets Node's Buffer does not know: CESU-8 (MySQL's 3-byte `utf8mb3`, also used
 * for the server's handshake) is decoded here; the legacy charsets use the WHATWG TextDecoder (Node's
 * ICU knows them). Encoding into them is refused: the functions' connections and tables are utf8mb4.
 * Wired in by the esbuild alias in tools/build/functions.ts. mysql2 decodes whole values (one write, then
 * end), so the decoders need not carry partial sequences across writes.
 */
interface Decoder {
    write(bytes: Uint8Array): string;
    end(): string;
}

export function getDecoder(encoding: string): Decoder {
    if (encoding.toLowerCase().replace(/[^a-z0-9]/g, "") === "cesu8") return { write: decodeCesu8, end: () => "" };
    const decoder = new TextDecoder(encoding);
    return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
}

export function getEncoder(encoding: string): never {
    throw new Error(`encoding text as ${encoding} is not supported by the function bundle; use a utf8mb4 connection`);
}

/** UTF-8 that also accepts surrogate halves encoded separately as 3-byte sequences (CESU-8). */
export function decodeCesu8(bytes: Uint8Array): string {
    let out = "";
    for (let i = 0; i < bytes.length;) {
        const b = bytes[i];
        const cont = (k: number) => (bytes[i + k] ?? 0) & 0x3f;
        const valid = (n: number) =>
            i + n <= bytes.length && [...Array(n - 1).keys()].every((k) => (bytes[i + k + 1] & 0xc0) === 0x80);
        if (b < 0x80) {
            out += String.fromCharCode(b);
            i += 1;
        } else if (b >= 0xc2 && b < 0xe0 && valid(2)) {
            out += String.fromCharCode(((b & 0x1f) << 6) | cont(1));
            i += 2;
        } else if (b >= 0xe0 && b < 0xf0 && valid(3)) {
            out += String.fromCharCode(((b & 0x0f) << 12) | (cont(1) << 6) | cont(2)); // may be a surrogate half
            i += 3;
        } else if (b >= 0xf0 && b < 0xf5 && valid(4)) {
            out += String.fromCodePoint(((b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3));
            i += 4;
        } else {
            out += "\ufffd";
            i += 1;
        }
    }
    return out;
}
