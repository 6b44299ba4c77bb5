import * as http from "http";

/** A tiny HTTP client returning status, headers and body. */
export function request(
    url: string,
    options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const req = http.request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
            let body = "";
            res.on("data", (c) => (body += c));
            res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        });
        req.on("error", reject);
        req.end(options.body);
    });
}
