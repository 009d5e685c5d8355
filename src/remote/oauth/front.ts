// The OAuth front of the remote mode. This server is an OAuth 2.1 protected resource (RFC 9728 metadata,
// WWW-Authenticate challenges) and runs the authorization server its MCP clients use: oidc-provider (PKCE,
// RFC 8707 resource indicators, dynamic registration, Client ID Metadata Documents, RFC 9207 `iss`, revocation),
// whose login step is the admin's own sign-in to the Okta org (authorization code + PKCE, upstream.ts).
// MCP clients get opaque tokens for this server's audience only; the Okta tokens stay in the vault.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type AuthInfo,
  bearerAuthChallengeResponse,
  buildOAuthProtectedResourceMetadata,
  getOAuthProtectedResourceMetadataUrl,
  OAuthError,
  OAuthErrorCode,
  verifyBearerToken,
} from "@modelcontextprotocol/server";
import Provider, { errors as oidcErrors, type KoaContextWithOIDC } from "oidc-provider";
import type { Logger } from "../../runtime/logger.js";
import type { Caller, RemoteAuthenticator } from "../http-server.js";
import { MCP_PATH } from "../http-server.js";
import type { StateStore } from "../state/store.js";
import { createAdminAuth } from "./admin-auth.js";
import { deriveKeys } from "./keys.js";
import { storeAdapterFactory } from "./store-adapter.js";
import { SESSION_TTL_MS, TokenVault } from "./token-vault.js";
import { OktaUpstream, type PendingSignIn } from "./upstream.js";
import { ConfigError } from "../../runtime/errors.js";
import type { AuditRecord } from "../../runtime/audit.js";
import { isPublicFetchTarget } from "./fetch-guard.js";
import { createApprovalRoutes, isApprovalPath } from "../approvals/approval-routes.js";
import { BrowserSessions } from "../approvals/browser-session.js";
import { BROWSER_SIGN_IN_COOKIE, type BrowserSignInState, createBrowserSignIn } from "../approvals/browser-sign-in.js";
import type { SharedApprovals } from "../approvals/shared-approvals.js";
import { toWebRequest, writeWebResponse } from "../web-bridge.js";

export interface OAuthFrontOptions {
  publicUrl: URL;
  orgUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** OKTA_SCOPES: the most any admin's session may hold. */
  scopes: readonly string[];
  secret?: Buffer;
  accessTokenTtlS: number;
  store: StateStore;
  log: Logger;
  fetch?: typeof fetch;
  /** The remote approvals: their pages are served here, behind the admin's own Okta sign-in in the browser. */
  approvals?: SharedApprovals;
  /** Writes an audit record (the admin's decisions on the approval pages). */
  audit?: (record: AuditRecord) => string | undefined;
}

const SIGN_IN_TTL_MS = 10 * 60_000;
const SIGN_IN_COOKIE = "okta_mcp_signin";

function page(res: ServerResponse, status: number, title: string, text: string) {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": "default-src 'none'" });
  res.end(`<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><h1>${escape(title)}</h1><p>${escape(text)}</p>`);
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

export async function createOAuthFront(options: OAuthFrontOptions): Promise<RemoteAuthenticator> {
  if (!options.clientId || !options.clientSecret) {
    throw new ConfigError(
      "remote mode needs the Okta web app that admins sign in through: set OKTA_CLIENT_ID and OKTA_CLIENT_SECRET (see docs/remote.md)",
    );
  }
  if (options.scopes.length === 0) throw new ConfigError("OKTA_SCOPES is empty (list the Okta API scopes admins may use through this server)");
  const { store, log } = options;
  const issuer = options.publicUrl.origin;
  const resource = `${issuer}${MCP_PATH}`;
  const secure = options.publicUrl.protocol === "https:";
  const keys = deriveKeys(options.secret);
  const vault = new TokenVault(store, keys.tokenKey);
  const upstream = new OktaUpstream({
    orgUrl: options.orgUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scopes: options.scopes,
    redirectUri: `${issuer}/oauth/okta/callback`,
    fetch: options.fetch,
  });
  const scopes = [...options.scopes];

  const provider = new Provider(issuer, {
    adapter: storeAdapterFactory(store),
    clients: [],
    jwks: { keys: [keys.signingJwk as never] },
    cookies: { keys: keys.cookieKeys, long: { signed: true, secure }, short: { signed: true, secure } },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    // Listed so clients may register them; what a token carries is the resource's grant (completeSignIn).
    scopes: ["offline_access", ...scopes],
    claims: { openid: ["sub"] },
    pkce: { required: () => true },
    clientDefaults: { grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none", id_token_signed_response_alg: "ES256" },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new oidcErrors.InvalidTarget(`this server issues tokens for ${resource} only`);
          return { scope: scopes.join(" "), audience: resource, accessTokenTTL: options.accessTokenTtlS, accessTokenFormat: "opaque" };
        },
      },
      clientIdMetadataDocument: {
        enabled: true,
        ack: "draft-02",
        // The document is fetched from the client_id URL: never from this network's private addresses.
        allowFetch: async (_ctx: unknown, clientId: string) => isPublicFetchTarget(new URL(clientId)),
      } as never,
    },
    routes: {
      authorization: "/oauth/authorize",
      token: "/oauth/token",
      registration: "/oauth/register",
      revocation: "/oauth/revoke",
      jwks: "/oauth/jwks",
      userinfo: "/oauth/userinfo",
      code_verification: "/oauth/device",
      backchannel_authentication: "/oauth/backchannel",
      device_authorization: "/oauth/device/auth",
      end_session: "/oauth/session/end",
      introspection: "/oauth/introspect",
      pushed_authorization_request: "/oauth/par",
      challenge: "/oauth/challenge",
    } as never,
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/oauth/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: options.accessTokenTtlS,
      AuthorizationCode: 60,
      Interaction: SIGN_IN_TTL_MS / 1000,
      Grant: SESSION_TTL_MS / 1000,
      Session: SESSION_TTL_MS / 1000,
      RefreshToken: SESSION_TTL_MS / 1000,
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = `<!doctype html><meta charset="utf-8"><title>Sign-in error</title><h1>Sign-in error</h1><p>${String(out.error).replace(/[<>&"]/g, "")}: ${String(out.error_description ?? "").replace(/[<>&"]/g, "")}</p>`;
    },
  });
  provider.proxy = true; // TLS ends at the ingress: trust X-Forwarded-Proto for cookie security and URLs
  provider.on("server_error", (_ctx, err) => log.error(`authorization server: ${(err as Error).message}`));
  const callback = provider.callback();

  const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(new URL(resource));
  const protectedResource = buildOAuthProtectedResourceMetadata({
    oauthMetadata: { issuer, authorization_endpoint: `${issuer}/oauth/authorize`, token_endpoint: `${issuer}/oauth/token`, response_types_supported: ["code"] },
    resourceServerUrl: new URL(resource),
    scopesSupported: scopes,
    resourceName: "Okta MCP server",
    dangerouslyAllowInsecureIssuerUrl: !secure,
  });

  async function startSignIn(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    const params = details.params as Record<string, string | undefined>;
    const requested = (params.scope ?? "").split(" ").filter(Boolean);
    const { url, pending } = await upstream.authorizationUrl(upstream.scopesFor(requested), params.login_hint);
    await store.set(`signin:${pending.state}`, JSON.stringify({ uid: details.uid, pending }), SIGN_IN_TTL_MS);
    res.writeHead(303, {
      Location: url.href,
      "Cache-Control": "no-store",
      // Binds Okta's redirect to this browser: a callback carrying someone else's state is refused.
      "Set-Cookie": `${SIGN_IN_COOKIE}=${pending.state}; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=600${secure ? "; Secure" : ""}`,
    });
    res.end();
  }

  // The approval pages: a browser session from the admin's own Okta sign-in (same web app, identity only).
  const sessions = new BrowserSessions({ store, secure });
  const browserSignIn = createBrowserSignIn({ upstream, store, sessions, secure, log });
  const approvalRoutes = options.approvals
    ? createApprovalRoutes({ approvals: options.approvals, sessions, origin: issuer, startSignIn: (next) => browserSignIn.start(next), audit: options.audit ?? (() => undefined) })
    : undefined;

  async function oktaCallback(req: IncomingMessage, res: ServerResponse, url: URL) {
    const state = url.searchParams.get("state") ?? "";
    // Which flow: the MCP client's sign-in or the approval pages' (each binds Okta's redirect with its own cookie).
    const browser = state !== "" && cookieOf(req, BROWSER_SIGN_IN_COOKIE) === state;
    const saved = state && (browser || cookieOf(req, SIGN_IN_COOKIE) === state) ? await store.take(`signin:${state}`) : undefined;
    const parsed = saved ? (JSON.parse(saved) as { kind?: string; uid: string; pending: PendingSignIn }) : undefined;
    if (!parsed || browser !== (parsed.kind === "browser")) {
      return page(res, 400, "Sign-in expired", "This sign-in is unknown or expired. Start again from your MCP client.");
    }
    if (browser) return writeWebResponse(res, await browserSignIn.complete(new URL(url.pathname + url.search, issuer), parsed as unknown as BrowserSignInState));
    const { uid, pending } = parsed;
    let result: Record<string, unknown>;
    if (url.searchParams.has("error")) {
      result = { error: "access_denied", error_description: `Okta sign-in failed: ${(url.searchParams.get("error") ?? "").slice(0, 100)}` };
    } else {
      try {
        // openid-client takes the redirect_uri from this URL: rebuild it on the public origin.
        const { subject, session } = await upstream.complete(new URL(url.pathname + url.search, issuer), pending);
        await vault.save(subject, session);
        result = { subject, granted: session.granted, login: session.login };
        log.info(`admin ${session.login} signed in (${session.granted.length} Okta scopes)`);
      } catch (err) {
        const body = err as { error?: string; error_description?: string };
        log.warn(`Okta sign-in failed: ${(err as Error).message}${body.error ? ` (${body.error}: ${body.error_description ?? ""})` : ""}`);
        result = { error: "access_denied", error_description: "Okta sign-in failed; see the server log" };
      }
    }
    await store.set(`signin-result:${uid}`, JSON.stringify(result), SIGN_IN_TTL_MS);
    res.writeHead(303, { Location: `/oauth/interaction/${uid}/complete`, "Cache-Control": "no-store", "Set-Cookie": `${SIGN_IN_COOKIE}=; Path=/oauth; Max-Age=0` });
    res.end();
  }

  async function completeSignIn(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    const raw = await store.take(`signin-result:${details.uid}`);
    if (!raw) return page(res, 400, "Sign-in expired", "Start again from your MCP client.");
    const result = JSON.parse(raw) as { subject?: string; granted?: string[]; error?: string; error_description?: string };
    if (!result.subject) {
      await provider.interactionFinished(req, res, { error: result.error ?? "access_denied", error_description: result.error_description }, { mergeWithLastSubmission: false });
      return;
    }
    const clientId = details.params.client_id as string;
    const requested = String(details.params.scope ?? "").split(" ").filter(Boolean);
    // The MCP token may carry what the client asked for, within what Okta granted this admin.
    const granted = new Set(result.granted ?? []);
    const tokenScopes = requested.some((s) => granted.has(s)) ? requested.filter((s) => granted.has(s)) : [...granted];
    const grant = new provider.Grant({ accountId: result.subject, clientId });
    grant.addResourceScope(resource, tokenScopes.join(" "));
    // Scopes asked for but not granted are recorded as refused, so the request completes (no consent loop)
    // and the token carries only what the admin holds at Okta.
    const refused = requested.filter((s) => s !== "offline_access" && !tokenScopes.includes(s));
    if (refused.length) grant.rejectResourceScope(resource, refused.join(" "));
    // okta.* scopes belong to the resource, never to ID tokens; only offline_access is an OpenID scope here.
    if (requested.includes("offline_access")) grant.addOIDCScope("offline_access");
    const notOidc = requested.filter((s) => s !== "offline_access");
    if (notOidc.length) grant.rejectOIDCScope(notOidc.join(" "));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: result.subject }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  async function verifyAccessToken(token: string): Promise<AuthInfo> {
    const at = await provider.AccessToken.find(token);
    if (!at || !at.accountId) throw new OAuthError(OAuthErrorCode.InvalidToken, "unknown, expired or revoked token");
    const audience = Array.isArray(at.aud) ? at.aud[0] : at.aud;
    const session = await vault.load(at.accountId);
    if (!session) throw new OAuthError(OAuthErrorCode.InvalidToken, "the admin's Okta session ended (signed out or revoked)");
    const signedOutAt = Number((await store.get(`signout:${at.accountId}`)) ?? 0);
    if ((at.iat ?? 0) * 1000 <= signedOutAt) throw new OAuthError(OAuthErrorCode.InvalidToken, "signed out");
    return {
      token,
      clientId: at.clientId ?? "",
      scopes: String(at.scope ?? "").split(" ").filter(Boolean),
      expiresAt: at.exp,
      ...(typeof audience === "string" ? { resource: new URL(audience) } : {}),
      extra: { subject: at.accountId, login: session.login },
    };
  }

  async function authenticate(request: Request): Promise<Caller | Response> {
    let authInfo: AuthInfo;
    try {
      authInfo = await verifyBearerToken(request.headers.get("authorization"), {
        verifier: { verifyAccessToken },
        expectedResource: new URL(resource),
        resourceMetadataUrl,
      });
    } catch (err) {
      return bearerAuthChallengeResponse(err, { resourceMetadataUrl });
    }
    const { subject, login } = authInfo.extra as { subject: string; login: string };
    const session = await vault.load(subject);
    if (!session) return bearerAuthChallengeResponse(new OAuthError(OAuthErrorCode.InvalidToken, "signed out"), { resourceMetadataUrl });
    const admin = createAdminAuth(subject, session, { vault, upstream, store, orgUrl: options.orgUrl });
    const tokenScopes = new Set(authInfo.scopes);
    // Tools = selection ∩ what Okta granted this admin ∩ what this MCP token carries.
    const auth = { ...admin, grantedScopes: async () => (await admin.grantedScopes()).filter((s) => tokenScopes.has(s)) };
    return { subject, principal: login, auth, authInfo };
  }

  async function signOut(req: IncomingMessage, res: ServerResponse) {
    const headers = new Headers();
    if (req.headers.authorization) headers.set("authorization", req.headers.authorization);
    const caller = await authenticate(new Request(`${issuer}${MCP_PATH}`, { headers }));
    if (caller instanceof Response) {
      const out: Record<string, string> = {};
      caller.headers.forEach((value, name) => (out[name] = value));
      res.writeHead(caller.status, out);
      res.end(await caller.text());
      return;
    }
    const session = await vault.load(caller.subject);
    await store.set(`signout:${caller.subject}`, String(Date.now()), SESSION_TTL_MS);
    await vault.remove(caller.subject);
    if (session) await upstream.revoke(session).catch((err: unknown) => log.warn(`Okta token revocation failed: ${(err as Error).message}`));
    const at = await provider.AccessToken.find(caller.authInfo.token);
    await at?.destroy();
    log.info(`admin ${caller.principal} signed out`);
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ signedOut: true }));
  }

  return {
    resourceMetadataUrl,
    authenticate,
    async handle(req, res, url) {
      const path = url.pathname;
      if (path === "/.well-known/oauth-protected-resource" || path.startsWith("/.well-known/oauth-protected-resource/")) {
        res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=300" });
        res.end(JSON.stringify(protectedResource));
        return true;
      }
      const interaction = /^\/oauth\/interaction\/([A-Za-z0-9_-]{1,64})(\/complete)?$/.exec(path);
      if (interaction && req.method === "GET") {
        await (interaction[2] ? completeSignIn(req, res) : startSignIn(req, res)).catch((err: unknown) => {
          log.warn(`sign-in step failed: ${(err as Error).message}`);
          if (!res.headersSent) page(res, 400, "Sign-in failed", "This sign-in cannot continue (expired, or opened in another browser). Start again from your MCP client.");
        });
        return true;
      }
      if (path === "/oauth/okta/callback" && req.method === "GET") {
        await oktaCallback(req, res, url);
        return true;
      }
      if (approvalRoutes && isApprovalPath(path)) {
        const request = await toWebRequest(req, issuer, 8192);
        if (!request) {
          page(res, 413, "Refused", "The request is too large.");
          return true;
        }
        await writeWebResponse(res, await approvalRoutes.handle(request));
        return true;
      }
      if (path === "/oauth/signout" && req.method === "POST") {
        await signOut(req, res);
        return true;
      }
      if (path.startsWith("/oauth/") || path === "/.well-known/oauth-authorization-server" || path === "/.well-known/openid-configuration") {
        callback(req, res);
        await new Promise<void>((resolve) => {
          if (res.writableEnded) return resolve();
          res.once("finish", () => resolve());
          res.once("close", () => resolve());
        });
        return true;
      }
      return false;
    },
  };
}
