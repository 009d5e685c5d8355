// node:http ⇄ web-standard Request/Response for the remote mode's own pages. The request URL is rebuilt on the public
// origin (TLS ends at the ingress: the socket's scheme and Host say nothing the pages may trust), and a body is read
// only up to a bound.
import type { IncomingMessage, ServerResponse } from "node:http";

/** The request as a web Request on the public origin, or undefined when its body is over `maxBodyBytes`. */
export async function toWebRequest(req: IncomingMessage, origin: string, maxBodyBytes: number): Promise<Request | undefined> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  let body: Buffer | undefined;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBodyBytes) return undefined;
      chunks.push(chunk as Buffer);
    }
    body = Buffer.concat(chunks);
  }
  // Path and query only: a request line like "//elsewhere/x" must not move the URL to another host.
  const target = new URL(req.url ?? "/", "http://placeholder");
  const url = new URL(origin);
  url.pathname = target.pathname;
  url.search = target.search;
  return new Request(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
}

export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}
