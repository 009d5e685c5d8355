// Serves a fetch handler over node:http on loopback, so real clients and curl can reach the sandbox.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ListeningSandbox {
  url: string;
  close(): Promise<void>;
}

export async function listenOnLoopback(
  handle: (request: Request) => Promise<Response>,
  options: { port?: number; host?: string } = {},
): Promise<ListeningSandbox> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    forward(handle, req, res, host).catch((error: unknown) => {
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ errorCode: "E0000009", errorSummary: "Internal Server Error", errorLink: "E0000009", errorId: "oaeSandbox", errorCauses: [{ errorSummary: String(error) }] }));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function forward(handle: (request: Request) => Promise<Response>, req: IncomingMessage, res: ServerResponse, host: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const authority = req.headers.host ?? `${host}:${(req.socket.localPort ?? 0).toString()}`;
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && chunks.length > 0;
  const request = new Request(`http://${authority}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
  const response = await handle(request);
  const outgoing: Record<string, string> = {};
  response.headers.forEach((value, name) => (outgoing[name] = value));
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (body) outgoing["content-length"] = String(body.length);
  res.writeHead(response.status, outgoing);
  res.end(body);
}
