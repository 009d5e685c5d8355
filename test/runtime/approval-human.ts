// The test plays the human at the approval page: it reads the page the server asked the browser to open and clicks.
// Requests go through node:http straight to the loopback server (msw lets loopback requests through).
import { request as httpRequest } from "node:http";

export interface PageAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PageAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Waits until the server asked for the n-th approval page, and returns its URL. */
export async function nthPage(pages: string[], n = 1, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (pages.length < n) {
    if (Date.now() > until) throw new Error(`no approval page ${n} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return pages[n - 1];
}

export const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

/** Opens the page like a browser, then clicks Approve or Deny (the form's POST with the page's token). */
export async function decide(url: string, decision: "approve" | "deny", overrides: { csrf?: string; headers?: Record<string, string> } = {}): Promise<PageAnswer> {
  const page = await rawRequest(url);
  const csrf = overrides.csrf ?? csrfOf(page.body);
  const body = new URLSearchParams({ csrf, decision }).toString();
  return rawRequest(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      origin: new URL(url).origin,
      "sec-fetch-site": "same-origin",
      ...overrides.headers,
    },
    body,
  });
}
