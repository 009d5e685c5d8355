// A hostile fake Okta org on loopback (node:http): each test or bench case says how it answers. It records
// every request it receives, so a test can count what reached the org (and prove nothing else did).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { constants, createBrotliCompress, gzipSync } from "node:zlib";

export type HostileHandler = (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => void | Promise<void>;

export interface SeenRequest {
  method: string;
  url: string;
  host: string | undefined;
  authorization: string | undefined;
}

export interface HostileOrg {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: SeenRequest[];
  /** Replaces how the org answers from now on. */
  handle(handler: HostileHandler): void;
  close(): Promise<void>;
}

const notFound: HostileHandler = (_req, res) => json(res, 404, { errorCode: "E0000007", errorSummary: "Not found" });

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startHostileOrg(handler: HostileHandler = notFound): Promise<HostileOrg> {
  let current = handler;
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", host: req.headers.host, authorization: req.headers.authorization });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      Promise.resolve(current(req, res, url, Buffer.concat(chunks).toString("utf8"))).catch(() => res.destroy());
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // Thousands of parallel calls in the soak cases.
  server.maxConnections = 10_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    handle(next) {
      current = next;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const bombs = new Map<string, Promise<Buffer>>();
/**
 * A brotli (or gzip) body that decodes to `decodedBytes` of JSON-ish filler: a compression bomb. Brotli
 * makes ~1.6 KB of 1 GiB; gzip tops out near 1:1000, so keep gzip bombs small.
 */
export function compressionBomb(decodedBytes: number, encoding: "br" | "gzip" = "br"): Promise<Buffer> {
  const key = `${encoding}:${decodedBytes}`;
  let bomb = bombs.get(key);
  if (!bomb) {
    bomb = encoding === "gzip" ? Promise.resolve(gzipSync(Buffer.alloc(decodedBytes, 0x20), { level: 9 })) : brotliBomb(decodedBytes);
    bombs.set(key, bomb);
  }
  return bomb;
}

function brotliBomb(decodedBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoder = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: decodedBytes } });
    const out: Buffer[] = [];
    encoder.on("data", (c: Buffer) => out.push(c));
    encoder.on("end", () => resolve(Buffer.concat(out)));
    encoder.on("error", reject);
    // `[` then spaces: valid JSON up to the end, so only a size limit can stop it.
    const chunk = Buffer.alloc(Math.min(16 << 20, decodedBytes), 0x20);
    let left = decodedBytes - 1;
    encoder.write("[");
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!encoder.write(chunk.subarray(0, n))) return void encoder.once("drain", pump);
      }
      encoder.end();
    };
    pump();
  });
}

/** Streams a JSON array of user records totalling about `bytes`, without holding it in memory. */
export function streamHugeUserArray(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { "content-type": "application/json" });
  const record = (i: number) =>
    JSON.stringify({ id: `00u${String(i).padStart(17, "0")}`, status: "ACTIVE", profile: { login: `user${i}@example.com`, email: `user${i}@example.com`, firstName: "F", lastName: "L", title: "x".repeat(200) } });
  const perChunk = 256;
  let sent = 1;
  let i = 0;
  res.write("[");
  const pump = () => {
    while (sent < bytes) {
      const parts: string[] = [];
      for (let k = 0; k < perChunk; k++) parts.push((i++ ? "," : "") + record(i));
      const text = parts.join("");
      sent += text.length;
      if (!res.write(text)) return void res.once("drain", pump);
    }
    res.end("]");
  };
  res.on("error", () => undefined);
  pump();
}
