// Approval pages for a local (stdio) server: a node:http server on 127.0.0.1, started on the first approval, and the
// page opened in the human's browser the way the device sign-in does it. The URL is printed on stderr only when no
// browser could be opened (it is the human's only way in then); it is never part of a tool result.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import { type ApprovalPages, type ApprovalService, createApprovalStore } from "./approval-store.js";

export interface LoopbackApprovalOptions {
  /** Opens the URL in the human's browser and says whether that worked. */
  open?: (url: string, done: (opened: boolean) => void) => void;
  log: Logger;
  maxPending?: number;
}

const MAX_BODY = 8192;

async function toRequest(req: IncomingMessage): Promise<Request | undefined> {
  const host = req.headers.host;
  if (!host) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const body = req.method === "POST" ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", `http://${host}`), { method: req.method, headers, body });
}

async function serve(pages: ApprovalPages, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = await toRequest(req);
  if (!request) {
    res.writeHead(400, { "Content-Type": "text/plain" }).end("Bad request");
    return;
  }
  const response = await pages.handle(request);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()));
}

export function createLoopbackApprovals(options: LoopbackApprovalOptions): ApprovalService {
  let started: Promise<{ server: Server; store: ApprovalService & ApprovalPages }> | undefined;
  // node:http is imported on the first approval, not at start-up (most runs never open a page).
  const start = () => (started ??= import("node:http").then(({ createServer }) => listen(createServer)));
  const listen = (createServer: typeof import("node:http").createServer) =>
    new Promise<{ server: Server; store: ApprovalService & ApprovalPages }>((resolve, reject) => {
      let store: (ApprovalService & ApprovalPages) | undefined;
      const server = createServer((req, res) => {
        if (!store) return void res.writeHead(503).end();
        serve(store, req, res).catch(() => res.writeHead(500).end());
      });
      server.requestTimeout = 30_000;
      server.headersTimeout = 10_000;
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        store = createApprovalStore({ origin: `http://127.0.0.1:${port}`, maxPending: options.maxPending });
        // The server must not keep the process alive on its own.
        server.unref();
        resolve({ server, store });
      });
    });

  return {
    async create(request) {
      const { store } = await start();
      const pending = await store.create(request);
      const tool = request.summary.tool;
      const printUrl = () => options.log.warn(`Approval needed for ${tool}: open ${pending.url} in a browser on this machine (expires in ${Math.round(request.timeoutMs / 1000)} s).`);
      if (!options.open) printUrl();
      else {
        options.open(pending.url, (opened) => {
          if (opened) options.log.info(`Approval page for ${tool} opened in the browser.`);
          else printUrl();
        });
      }
      return pending;
    },
    async close() {
      if (!started) return;
      const { server, store } = await started;
      await store.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
