// Spawns the built CLI in HTTP mode and waits for the line saying where it listens.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StreamableHTTPClientTransport, type OAuthClientProvider } from "@modelcontextprotocol/client";
import { CLI, ensureBuilt } from "../runtime/e2e-helpers.js";

export interface HttpCli {
  child: ChildProcess;
  /** Where the process listens (http://127.0.0.1:PORT). */
  url: string;
  stderr(): string;
  stateDir: string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startHttpCli(args: string[], env: Record<string, string> = {}): Promise<HttpCli> {
  ensureBuilt();
  const stateDir = mkdtempSync(join(tmpdir(), "okta-mcp-http-"));
  const child = spawn(process.execPath, [CLI, "--http", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: stateDir, XDG_STATE_HOME: stateDir, OKTA_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within 20 s:\n${stderr}`)), 20_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!/serving MCP over HTTP/.test(stderr)) return;
      // The process's own address: "listening on" when a public URL is set, else the served URL.
      const match = /listening on (http:\/\/[^\s)]+)/.exec(stderr) ?? /serving MCP over HTTP at (http:\/\/[^\s;]+)\/mcp/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${stderr}`));
    });
  });
  return {
    child,
    url,
    stderr: () => stderr,
    stateDir,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function connectHttp(
  url: string,
  opts: { headers?: Record<string, string>; authProvider?: OAuthClientProvider; fetch?: typeof fetch } = {},
): Promise<Client> {
  const client = new Client({ name: "http-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: opts.headers ?? {} },
    ...(opts.authProvider ? { authProvider: opts.authProvider } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  await client.connect(transport);
  return client;
}

/**
 * An MCP client's OAuth side with no browser: "redirecting" follows the authorization server's redirects with
 * fetch (cookies kept per host) through the sign-in at the fake Okta org, which approves `loginHint` at once,
 * until the redirect back to the client, whose code it keeps for finishAuth.
 */
export class HeadlessOAuthClient implements OAuthClientProvider {
  readonly redirectUrl = "http://127.0.0.1:9/mcp-client/callback";
  private info: import("@modelcontextprotocol/client").StoredOAuthClientInformation | undefined;
  private saved: import("@modelcontextprotocol/client").StoredOAuthTokens | undefined;
  private verifier = "";
  code: string | undefined;
  /** The whole redirect back (code, state, iss) for finishAuth. */
  callbackParams: URLSearchParams | undefined;
  /** The `iss` of the last authorization response (RFC 9207). */
  iss: string | null = null;
  authorizations = 0;
  /** Scope requested in the last authorization URL. */
  lastScope: string | null = null;

  constructor(readonly loginHint: string) {}

  get clientMetadata() {
    return {
      client_name: `test client for ${this.loginHint}`,
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: import("@modelcontextprotocol/client").StoredOAuthClientInformation) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: import("@modelcontextprotocol/client").StoredOAuthTokens) {
    this.saved = tokens;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  accessToken(): string | undefined {
    return (this.saved as { access_token?: string } | undefined)?.access_token;
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    this.authorizations++;
    this.lastScope = authorizationUrl.searchParams.get("scope");
    authorizationUrl.searchParams.set("login_hint", this.loginHint);
    const jar = new Map<string, Map<string, string>>();
    let next = authorizationUrl.href;
    for (let hop = 0; hop < 12; hop++) {
      if (next.startsWith(this.redirectUrl)) {
        const back = new URL(next);
        if (back.searchParams.has("error")) throw new Error(`authorization failed: ${back.searchParams.get("error")} ${back.searchParams.get("error_description")}`);
        this.code = back.searchParams.get("code") ?? undefined;
        this.callbackParams = back.searchParams;
        this.iss = back.searchParams.get("iss");
        return;
      }
      const url = new URL(next);
      const cookies = jar.get(url.host) ?? new Map<string, string>();
      const response = await fetch(url, { redirect: "manual", headers: cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {} });
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attrs] = line.split(";");
        const [name, ...value] = pair.split("=");
        if (attrs.some((a) => /max-age=0\b/i.test(a.trim()))) cookies.delete(name.trim());
        else cookies.set(name.trim(), value.join("="));
      }
      jar.set(url.host, cookies);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) {
        throw new Error(`sign-in stopped at ${url.pathname} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
      }
      next = new URL(location, url).href;
    }
    throw new Error("too many redirects");
  }
}

/** Connects through the OAuth flow: the first connect is refused (401), the code is exchanged, then connect again. */
export async function connectWithOAuth(url: string, provider: HeadlessOAuthClient, headers: Record<string, string> = {}): Promise<Client> {
  const { UnauthorizedError } = await import("@modelcontextprotocol/client").then((m) => m as unknown as { UnauthorizedError?: new () => Error });
  const first = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, requestInit: { headers } });
  const client = new Client({ name: "oauth-test", version: "1.0.0" });
  try {
    await client.connect(first);
    return client;
  } catch (err) {
    if (!provider.code || (UnauthorizedError && !(err instanceof UnauthorizedError) && !/unauthori/i.test(String(err)))) throw err;
    await first.finishAuth(provider.callbackParams!);
  }
  const again = new Client({ name: "oauth-test", version: "1.0.0" });
  await again.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, requestInit: { headers } }));
  return again;
}

export interface RoundRobinProxy {
  url: string;
  /** Requests forwarded to each upstream, by index. */
  served: number[];
  close(): Promise<void>;
}

/** A round-robin HTTP proxy over loopback upstreams; an upstream that refuses the connection is skipped (as a load balancer's health check would). */
export async function startRoundRobinProxy(upstreams: () => string[]): Promise<RoundRobinProxy> {
  const { createServer, request } = await import("node:http");
  let next = 0;
  const served: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const targets = upstreams();
      const attempt = (tries: number) => {
        const index = next++ % targets.length;
        const target = new URL(targets[index]);
        const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstream) => {
          served[index] = (served[index] ?? 0) + 1;
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        });
        out.on("error", () => (tries + 1 < targets.length ? attempt(tries + 1) : (res.writeHead(502), res.end())));
        out.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as import("node:net").AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export interface BrowserAnswer {
  status: number;
  /** Where the browser ended up after following redirects. */
  url: string;
  headers: Headers;
  body: string;
}

const decodeEntities = (text: string) =>
  text.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">");

/**
 * A browser with no screen, for the admin at the approval pages: keeps cookies per host name (as browsers do: not per
 * port) honouring Path and Max-Age=0, follows redirects, and at the fake Okta org's sign-in page picks `login`.
 * It never sends an Authorization header: only what a browser holds.
 */
export class HeadlessBrowser {
  private readonly jar = new Map<string, Map<string, { value: string; path: string }>>();
  /** Every Set-Cookie line this browser received, with its attributes. */
  readonly setCookies: string[] = [];

  constructor(readonly login: string) {}

  cookieHeader(url: URL): string {
    const cookies = this.jar.get(url.hostname) ?? new Map();
    return [...cookies].filter(([, c]) => url.pathname.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join("; ");
  }

  /** The cookies this browser holds for a host (name → value). */
  cookies(hostname: string): Map<string, string> {
    return new Map([...(this.jar.get(hostname) ?? new Map())].map(([name, c]) => [name, c.value]));
  }

  private keep(url: URL, response: Response) {
    const cookies = this.jar.get(url.hostname) ?? new Map<string, { value: string; path: string }>();
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair, ...attrs] = line.split(";");
      const [name, ...value] = pair.split("=");
      const path = attrs.map((a) => a.trim()).find((a) => /^path=/i.test(a))?.slice(5) ?? "/";
      if (attrs.some((a) => /^max-age=0$/i.test(a.trim()))) cookies.delete(name.trim());
      else cookies.set(name.trim(), { value: value.join("="), path });
    }
    this.jar.set(url.hostname, cookies);
  }

  async request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<BrowserAnswer> {
    let next = new URL(url);
    let method = init.method ?? "GET";
    let body = init.body;
    let headers = init.headers ?? {};
    for (let hop = 0; hop < 12; hop++) {
      const cookie = this.cookieHeader(next);
      const response = await fetch(next, { method, redirect: "manual", headers: { ...headers, ...(cookie ? { cookie } : {}) }, body });
      this.keep(next, response);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        next = new URL(location, next);
        method = "GET";
        body = undefined;
        headers = {};
        continue;
      }
      const text = await response.text();
      // The fake org's sign-in page: a person picks who they are.
      const pick = new RegExp(`<a href="([^"]+)">${this.login.replace(/[.]/g, "\\.")}</a>`).exec(text);
      if (response.status === 200 && pick && next.pathname.endsWith("/authorize")) {
        next = new URL(decodeEntities(pick[1]), next);
        continue;
      }
      return { status: response.status, url: next.href, headers: response.headers, body: text };
    }
    throw new Error("too many redirects");
  }

  /** Opens an approval page and clicks Approve or Deny (the page's own form post). */
  async decide(pageUrl: string, decision: "approve" | "deny"): Promise<BrowserAnswer> {
    const page = await this.request(pageUrl);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (page.status !== 200 || !csrf) throw new Error(`approval page ${pageUrl} answered ${page.status}: ${page.body.slice(0, 300)}`);
    return this.post(page.url, { csrf, decision });
  }

  /** A form post as the page's own button sends it. */
  async post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<BrowserAnswer> {
    const body = new URLSearchParams(form).toString();
    return this.request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(url).origin, "sec-fetch-site": "same-origin", ...headers },
      body,
    });
  }
}
