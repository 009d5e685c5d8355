// The sandbox org's authorization server, for the remote mode: an admin "signs in" with the authorization code
// flow + PKCE (S256), as at a real Okta org authorization server, and gets an access token (opaque), a refresh
// token and an ES256 ID token. Admins are fake: `login_hint` picks one at once (headless tests), otherwise a
// page lists them. Each admin is granted its own scopes; API calls with its token reach the sandbox as that admin.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

export interface SandboxAdmin {
  /** Okta user id (the token's sub). */
  id: string;
  login: string;
  /** Scopes this admin may receive (requested ∩ these). */
  scopes: string[];
}

export interface SignInOptions {
  clientId?: string;
  clientSecret?: string;
  admins?: SandboxAdmin[];
  /** Access token lifetime in seconds. */
  accessTokenTtlS?: number;
  now?: () => number;
}

export interface ApiCallRecord {
  adminId: string;
  method: string;
  path: string;
}

export interface SandboxSignIn {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly admins: readonly SandboxAdmin[];
  /** Every management API call made with a signed-in admin's token. */
  readonly apiCalls: ApiCallRecord[];
  /** Admin ids whose tokens were revoked through the revocation endpoint. */
  readonly revocations: string[];
  /** Token requests by grant type (authorization_code, refresh_token). */
  readonly tokenRequests: { grantType: string; outcome: string }[];
  /** Answers the sign-in routes; undefined for anything else. */
  handle(request: Request, orgUrl: string): Promise<Response | undefined>;
  /** The admin a bearer token belongs to, when it is a live sandbox sign-in token. */
  adminOfToken(token: string): SandboxAdmin | undefined;
  /** Revokes every token of one admin (as an Okta admin would clear their sessions). */
  revokeAdmin(adminId: string): void;
}

export function defaultSandboxAdmins(allScopes: readonly string[]): SandboxAdmin[] {
  return [
    { id: "00usandboxsuper1", login: "super.admin@sandbox.example", scopes: [...allScopes] },
    { id: "00usandboxread01", login: "read.only@sandbox.example", scopes: allScopes.filter((s) => s.endsWith(".read")) },
    { id: "00usandboxhelp01", login: "help.desk@sandbox.example", scopes: ["okta.users.read", "okta.users.manage", "okta.groups.read"] },
  ];
}

interface Code {
  clientId: string;
  redirectUri: string;
  challenge: string;
  admin: SandboxAdmin;
  scopes: string[];
  nonce?: string;
  expiresAt: number;
}
interface Issued {
  admin: SandboxAdmin;
  scopes: string[];
  expiresAt: number;
}

const MAX_ENTRIES = 10_000;
const random = () => randomBytes(24).toString("base64url");
const html = (body: string) => new Response(`<!doctype html><meta charset="utf-8"><title>Sandbox sign-in</title>${body}`, { headers: { "content-type": "text/html; charset=utf-8" } });
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function bounded<K, V>(map: Map<K, V>, key: K, value: V) {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

export async function createSandboxSignIn(allScopes: readonly string[], options: SignInOptions = {}): Promise<SandboxSignIn> {
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? "okta-mcp-sandbox";
  const clientSecret = options.clientSecret ?? "sandbox-secret";
  const admins = options.admins ?? defaultSandboxAdmins(allScopes);
  const ttl = options.accessTokenTtlS ?? 3600;
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: "sandbox-1", alg: "ES256", use: "sig" };
  const codes = new Map<string, Code>();
  const accessTokens = new Map<string, Issued>();
  const refreshTokens = new Map<string, Issued>();
  const apiCalls: ApiCallRecord[] = [];
  const tokenRequests: SandboxSignIn["tokenRequests"] = [];
  const revocations: string[] = [];

  const oauthError = (status: number, error: string, description: string) =>
    Response.json({ error, error_description: description }, { status, headers: { "cache-control": "no-store" } });

  function clientAuthenticated(request: Request, form: URLSearchParams): boolean {
    let id = form.get("client_id");
    let secret = form.get("client_secret");
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
    if (basic) {
      const [u, p] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
      id = decodeURIComponent(u ?? "");
      secret = decodeURIComponent(p ?? "");
    }
    if (id !== clientId || secret === null) return false;
    const a = Buffer.from(secret);
    const b = Buffer.from(clientSecret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async function issue(admin: SandboxAdmin, scopes: string[], nonce: string | undefined, orgUrl: string, withIdToken: boolean) {
    const accessToken = `sbx.${random()}`;
    const refreshToken = `sbxr.${random()}`;
    const expiresAt = now() + ttl * 1000;
    bounded(accessTokens, accessToken, { admin, scopes, expiresAt });
    bounded(refreshTokens, refreshToken, { admin, scopes, expiresAt: now() + 30 * 86_400_000 });
    const body: Record<string, unknown> = { token_type: "Bearer", access_token: accessToken, refresh_token: refreshToken, expires_in: ttl, scope: scopes.join(" ") };
    if (withIdToken) {
      body.id_token = await new SignJWT({ preferred_username: admin.login, ...(nonce ? { nonce } : {}) })
        .setProtectedHeader({ alg: "ES256", kid: publicJwk.kid })
        .setIssuer(orgUrl)
        .setAudience(clientId)
        .setSubject(admin.id)
        .setIssuedAt(Math.floor(now() / 1000))
        .setExpirationTime(Math.floor(now() / 1000) + 3600)
        .sign(privateKey);
    }
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  }

  async function authorize(url: URL): Promise<Response> {
    const p = url.searchParams;
    const redirectUri = p.get("redirect_uri") ?? "";
    if (p.get("client_id") !== clientId) return html("<p>Unknown client_id.</p>");
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      return html("<p>Bad redirect_uri.</p>");
    }
    const back = (params: Record<string, string>) => {
      for (const [k, v] of Object.entries(params)) redirect.searchParams.set(k, v);
      const state = p.get("state");
      if (state) redirect.searchParams.set("state", state);
      return new Response(null, { status: 302, headers: { location: redirect.href } });
    };
    if (p.get("response_type") !== "code") return back({ error: "unsupported_response_type" });
    const challenge = p.get("code_challenge");
    if (!challenge || p.get("code_challenge_method") !== "S256") return back({ error: "invalid_request", error_description: "PKCE with S256 is required" });
    const hint = p.get("login_hint");
    const admin = admins.find((a) => a.login === hint || a.id === hint);
    if (!admin) {
      // A person picks an admin; the link repeats this request with login_hint.
      const links = admins
        .map((a) => {
          const next = new URL(url.href);
          next.searchParams.set("login_hint", a.login);
          return `<li><a href="${escape(next.pathname + next.search)}">${escape(a.login)}</a> (${escape(a.scopes.length + " scopes")})</li>`;
        })
        .join("");
      return html(`<h1>Sandbox org sign-in</h1><p>Fake admins, fake data. Sign in as:</p><ul>${links}</ul>`);
    }
    const requested = (p.get("scope") ?? "").split(" ").filter(Boolean);
    const scopes = requested.filter((s) => !s.startsWith("okta.") || admin.scopes.includes(s));
    const code = random();
    bounded(codes, code, { clientId, redirectUri, challenge, admin, scopes, nonce: p.get("nonce") ?? undefined, expiresAt: now() + 60_000 });
    return back({ code });
  }

  async function token(request: Request, orgUrl: string): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const grantType = form.get("grant_type") ?? "";
    const record = { grantType, outcome: "ok" };
    tokenRequests.push(record);
    if (tokenRequests.length > MAX_ENTRIES) tokenRequests.shift();
    const fail = (status: number, error: string, description: string) => {
      record.outcome = error;
      return oauthError(status, error, description);
    };
    if (!clientAuthenticated(request, form)) return fail(401, "invalid_client", "client authentication failed");
    if (grantType === "authorization_code") {
      const code = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (!code || code.expiresAt <= now()) return fail(400, "invalid_grant", "unknown or expired code");
      if (code.redirectUri !== form.get("redirect_uri")) return fail(400, "invalid_grant", "redirect_uri mismatch");
      const verifier = form.get("code_verifier") ?? "";
      if (createHash("sha256").update(verifier).digest("base64url") !== code.challenge) return fail(400, "invalid_grant", "PKCE verification failed");
      return issue(code.admin, code.scopes, code.nonce, orgUrl, code.scopes.includes("openid"));
    }
    if (grantType === "refresh_token") {
      const old = refreshTokens.get(form.get("refresh_token") ?? "");
      if (!old || old.expiresAt <= now()) return fail(400, "invalid_grant", "unknown, revoked or expired refresh token");
      refreshTokens.delete(form.get("refresh_token") ?? ""); // rotated, as Okta can be configured to
      return issue(old.admin, old.scopes, undefined, orgUrl, false);
    }
    return fail(400, "unsupported_grant_type", grantType);
  }

  async function revoke(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    if (!clientAuthenticated(request, form)) return oauthError(401, "invalid_client", "client authentication failed");
    const value = form.get("token") ?? "";
    const admin = (accessTokens.get(value) ?? refreshTokens.get(value))?.admin;
    if (admin) revocations.push(admin.id);
    accessTokens.delete(value);
    refreshTokens.delete(value);
    return new Response(null, { status: 200 });
  }

  return {
    clientId,
    clientSecret,
    admins,
    apiCalls,
    tokenRequests,
    revocations,
    adminOfToken(value) {
      const issued = accessTokens.get(value);
      if (!issued || issued.expiresAt <= now()) return undefined;
      return issued.admin;
    },
    revokeAdmin(adminId) {
      for (const map of [accessTokens, refreshTokens]) for (const [k, v] of map) if (v.admin.id === adminId) map.delete(k);
    },
    async handle(request, orgUrl) {
      const url = new URL(request.url);
      switch (`${request.method} ${url.pathname}`) {
        case "GET /.well-known/openid-configuration":
        case "GET /.well-known/oauth-authorization-server":
          return Response.json({
            issuer: orgUrl,
            authorization_endpoint: `${orgUrl}/oauth2/v1/authorize`,
            token_endpoint: `${orgUrl}/oauth2/v1/token`,
            revocation_endpoint: `${orgUrl}/oauth2/v1/revoke`,
            jwks_uri: `${orgUrl}/oauth2/v1/keys`,
            response_types_supported: ["code"],
            grant_types_supported: ["authorization_code", "refresh_token"],
            code_challenge_methods_supported: ["S256"],
            token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
            id_token_signing_alg_values_supported: ["ES256"],
            subject_types_supported: ["public"],
            scopes_supported: ["openid", "profile", "offline_access", ...allScopes],
          });
        case "GET /oauth2/v1/keys":
          return Response.json({ keys: [publicJwk] });
        case "GET /oauth2/v1/authorize":
          return authorize(url);
        case "POST /oauth2/v1/token":
          return token(request, orgUrl);
        case "POST /oauth2/v1/revoke":
          return revoke(request);
        default:
          return undefined;
      }
    },
  };
}

/**
 * The sandbox org's handler with sign-in in front: the sign-in routes, and API calls made with an admin's token
 * (recorded, then served as the sandbox's own token would be).
 */
export function withSignIn(
  org: { handle(request: Request): Promise<Response>; readonly token: string },
  signIn: SandboxSignIn,
  orgUrl: () => string,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const answered = await signIn.handle(request, orgUrl());
    if (answered) return answered;
    const bearer = /^(?:Bearer|DPoP)\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
    const admin = bearer ? signIn.adminOfToken(bearer[1]) : undefined;
    if (!admin) return org.handle(request);
    const url = new URL(request.url);
    signIn.apiCalls.push({ adminId: admin.id, method: request.method, path: url.pathname + url.search });
    if (signIn.apiCalls.length > MAX_ENTRIES) signIn.apiCalls.shift();
    const headers = new Headers(request.headers);
    headers.set("authorization", `SSWS ${org.token}`);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return org.handle(new Request(request.url, { method: request.method, headers, body }));
  };
}
