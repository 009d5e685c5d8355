// A fake Okta org authorization server (and one management API endpoint) for msw, or behind a real
// loopback server through handle() and checkApiRequest() (test/e2e/auth-fake-org.ts).
// It checks what a real Okta checks: client assertions against the registered public key, DPoP proofs,
// nonces, and device-flow polling; it records every secret it hands out so tests can search logs for them.
import { http, HttpResponse, type HttpHandler } from "msw";
import {
  base64url,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
} from "jose";
import { createHash, randomBytes, type KeyObject } from "node:crypto";

export interface FakeClient {
  clientId: string;
  /** kid → public key (private_key_jwt clients). Absent for public (device) clients. */
  publicKeys?: Record<string, KeyObject | CryptoKey>;
  /** Scopes the app may receive; a request gets requested ∩ allowed. Undefined = everything requested. */
  allowedScopes?: string[];
  requireDpop?: boolean;
  /** Token lifetime in seconds. */
  expiresIn?: number;
  /** Leave `scope` out of the token response; the JWT access token's `scp` then carries it. */
  omitScope?: boolean;
  /** Shape of `scp` in JWT access tokens. */
  scpAsString?: boolean;
}

interface DeviceGrant {
  clientId: string;
  scopes: string[];
  userCode: string;
  state: "pending" | "approved" | "denied" | "expired";
  slowDowns: number;
  done: boolean;
}

interface IssuedToken {
  clientId: string;
  scopes: string[];
  jkt?: string;
}

export interface TokenRequestRecord {
  grantType: string;
  clientId: string | null;
  scope: string | null;
  assertionClaims?: Record<string, unknown>;
  assertionHeader?: Record<string, unknown>;
  hadDpop: boolean;
  outcome: string;
}

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

export class FakeOktaAs {
  readonly tokenEndpoint: string;
  readonly deviceEndpoint: string;
  readonly resourceUrl: string;
  readonly clients = new Map<string, FakeClient>();
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly deviceRequests: Array<{ clientId: string | null; scope: string | null }> = [];
  readonly resourceRequests: Array<{ authorization: string | null; outcome: string }> = [];
  /** Every secret this server saw or issued: tokens, refresh tokens, assertions, proofs. */
  readonly secrets = new Set<string>();
  /** Token-endpoint DPoP nonce demanded when set. */
  tokenNonce: string | undefined;
  /** Resource-server DPoP nonce demanded when set. */
  resourceNonce: string | undefined;
  /** Device-flow polling interval (seconds) told to clients. */
  deviceInterval = 5;
  private readonly seenJti = new Set<string>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, IssuedToken>();
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly jwtSecret = new TextEncoder().encode(randomBytes(32).toString("hex"));

  constructor(readonly orgUrl: string) {
    this.tokenEndpoint = `${orgUrl}/oauth2/v1/token`;
    this.deviceEndpoint = `${orgUrl}/oauth2/v1/device/authorize`;
    this.resourceUrl = `${orgUrl}/api/v1/users/me`;
  }

  addClient(client: FakeClient): void {
    this.clients.set(client.clientId, client);
  }

  handlers(): HttpHandler[] {
    return [
      http.post(this.tokenEndpoint, ({ request }) => this.token(request)),
      http.post(this.deviceEndpoint, ({ request }) => this.deviceAuthorize(request)),
      http.get(this.resourceUrl, ({ request }) => this.resource(request)),
    ];
  }

  /** The user approves (or denies, or lets expire) the pending device sign-in. */
  settleDevice(state: "approved" | "denied" | "expired", slowDowns = 0, clientId?: string): void {
    for (const grant of this.devices.values()) {
      if (grant.done || (clientId !== undefined && grant.clientId !== clientId)) continue;
      grant.state = state;
      grant.slowDowns = slowDowns;
    }
  }

  pendingUserCodes(clientId?: string): string[] {
    return [...this.devices.values()].filter((g) => !g.done && (clientId === undefined || g.clientId === clientId)).map((g) => g.userCode);
  }

  revokeAllRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  tokenRequestsOf(grantType: string): TokenRequestRecord[] {
    return this.tokenRequests.filter((r) => r.grantType === grantType);
  }

  private async token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const record: TokenRequestRecord = {
      grantType: form.get("grant_type") ?? "",
      clientId: form.get("client_id"),
      scope: form.get("scope"),
      hadDpop: request.headers.has("dpop"),
      outcome: "",
    };
    this.tokenRequests.push(record);
    const fail = (status: number, error: string, headers?: Record<string, string>) => {
      record.outcome = error;
      return HttpResponse.json({ error, error_description: `fake: ${error}` }, { status, headers });
    };

    const client = this.clients.get(record.clientId ?? "");
    if (!client) return fail(401, "invalid_client");

    if (client.publicKeys) {
      const reason = await this.checkAssertion(form, client, record);
      if (reason) return fail(401, "invalid_client", { "x-fake-reason": reason });
    } else if (form.has("client_assertion")) {
      return fail(401, "invalid_client");
    }

    let jkt: string | undefined;
    const proof = request.headers.get("dpop");
    if (client.requireDpop || proof) {
      if (!proof) return fail(400, "invalid_dpop_proof");
      const checked = await this.checkProof(proof, "POST", this.tokenEndpoint, undefined, this.tokenNonce);
      if (checked === "use_dpop_nonce") return fail(400, "use_dpop_nonce", { "DPoP-Nonce": this.tokenNonce! });
      if (typeof checked === "string") return fail(400, "invalid_dpop_proof", { "x-fake-reason": checked });
      jkt = checked.jkt;
    }

    switch (record.grantType) {
      case "client_credentials": {
        if (!client.publicKeys) return fail(400, "unauthorized_client");
        const scopes = this.grant(client, record.scope);
        record.outcome = "issued";
        return this.issue(client, scopes, jkt, false);
      }
      case DEVICE_GRANT: {
        const grant = this.devices.get(form.get("device_code") ?? "");
        if (!grant || grant.clientId !== client.clientId) return fail(400, "invalid_grant");
        if (grant.done) return fail(400, "invalid_grant");
        if (grant.slowDowns > 0) {
          grant.slowDowns--;
          return fail(400, "slow_down");
        }
        if (grant.state === "pending") return fail(400, "authorization_pending");
        grant.done = true;
        if (grant.state === "denied") return fail(400, "access_denied");
        if (grant.state === "expired") return fail(400, "expired_token");
        record.outcome = "issued";
        return this.issue(client, grant.scopes, jkt, true);
      }
      case "refresh_token": {
        const refresh = form.get("refresh_token") ?? "";
        const held = this.refreshTokens.get(refresh);
        if (!held || held.clientId !== client.clientId || held.jkt !== jkt) return fail(400, "invalid_grant");
        this.refreshTokens.delete(refresh); // rotation, as Okta does by default
        record.outcome = "issued";
        return this.issue(client, held.scopes, jkt, true);
      }
      default:
        return fail(400, "unsupported_grant_type");
    }
  }

  private async deviceAuthorize(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    this.deviceRequests.push({ clientId: form.get("client_id"), scope: form.get("scope") });
    const client = this.clients.get(form.get("client_id") ?? "");
    if (!client || client.publicKeys) return HttpResponse.json({ error: "invalid_client" }, { status: 401 });
    const deviceCode = secret("dc");
    const userCode = `${letters(4)}-${letters(4)}`;
    this.devices.set(deviceCode, {
      clientId: client.clientId,
      scopes: this.grant(client, form.get("scope")),
      userCode,
      state: "pending",
      slowDowns: 0,
      done: false,
    });
    this.secrets.add(deviceCode);
    return HttpResponse.json({
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: `${this.orgUrl}/activate`,
      verification_uri_complete: `${this.orgUrl}/activate?user_code=${userCode}`,
      expires_in: 600,
      interval: this.deviceInterval,
    });
  }

  /**
   * Routes a request to the authorization server endpoints (token, device authorize); undefined for any other URL,
   * so a real server can put its own management API behind checkApiRequest().
   */
  async handle(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    const at = `${url.origin}${url.pathname}`;
    if (request.method === "POST" && at === this.tokenEndpoint) return this.token(request);
    if (request.method === "POST" && at === this.deviceEndpoint) return this.deviceAuthorize(request);
    return undefined;
  }

  private async resource(request: Request): Promise<Response> {
    const checked = await this.checkApiRequest(request);
    if (!checked.ok) return checked.response;
    return HttpResponse.json({ id: "00u1", scopes: checked.scopes });
  }

  /**
   * Checks a management API request as Okta's resource server would: a token this server issued, sent with the
   * scheme it was issued for, and for DPoP-bound tokens a proof over htm, htu and ath with the current nonce.
   */
  async checkApiRequest(request: Request): Promise<{ ok: true; scopes: string[] } | { ok: false; response: Response }> {
    const authorization = request.headers.get("authorization");
    const entry = { authorization, outcome: "" };
    this.resourceRequests.push(entry);
    const deny = (outcome: string, headers?: Record<string, string>) => {
      entry.outcome = outcome;
      const response = HttpResponse.json({ errorCode: "E0000011", errorSummary: "Invalid token provided" }, { status: 401, headers });
      return { ok: false as const, response };
    };
    const [scheme, token] = (authorization ?? "").split(" ");
    const issued = this.tokens.get(token ?? "");
    if (!issued) return deny("unknown token");
    if (issued.jkt) {
      if (scheme !== "DPoP") return deny("DPoP token used as bearer");
      const proof = request.headers.get("dpop");
      if (!proof) return deny("missing proof");
      const url = new URL(request.url);
      const checked = await this.checkProof(proof, request.method, `${url.origin}${url.pathname}`, token, this.resourceNonce);
      if (checked === "use_dpop_nonce") {
        return deny("use_dpop_nonce", {
          "WWW-Authenticate": 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
          "DPoP-Nonce": this.resourceNonce!,
        });
      }
      if (typeof checked === "string") return deny(checked);
      if (checked.jkt !== issued.jkt) return deny("proof key does not match token binding");
    } else if (scheme !== "Bearer") {
      return deny(`bearer token sent as ${scheme}`);
    }
    entry.outcome = "ok";
    return { ok: true, scopes: issued.scopes };
  }

  /** Returns a reason when the assertion is not acceptable. */
  private async checkAssertion(form: URLSearchParams, client: FakeClient, record: TokenRequestRecord): Promise<string | undefined> {
    if (form.get("client_assertion_type") !== JWT_BEARER) return "wrong client_assertion_type";
    const assertion = form.get("client_assertion");
    if (!assertion) return "no client_assertion";
    this.secrets.add(assertion);
    let header: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(assertion) as Record<string, unknown>;
    } catch {
      return "assertion is not a JWT";
    }
    record.assertionHeader = header;
    const key = client.publicKeys![String(header.kid)];
    if (!key) return `unknown kid ${String(header.kid)}`;
    try {
      const { payload } = await jwtVerify(assertion, key, {
        issuer: client.clientId,
        subject: client.clientId,
        audience: this.tokenEndpoint,
        algorithms: ["RS256", "ES256"],
      });
      record.assertionClaims = payload as Record<string, unknown>;
      if (typeof payload.exp !== "number" || typeof payload.iat !== "number") return "exp or iat missing";
      if (payload.exp - payload.iat > 300) return "assertion lives longer than 5 minutes";
      if (typeof payload.jti !== "string" || this.seenJti.has(payload.jti)) return "jti missing or reused";
      this.seenJti.add(payload.jti);
    } catch (err) {
      return `assertion rejected: ${(err as Error).message}`;
    }
    return undefined;
  }

  /** Returns the bound key thumbprint, "use_dpop_nonce", or a reason. */
  private async checkProof(
    proof: string,
    htm: string,
    htu: string,
    accessToken: string | undefined,
    nonce: string | undefined,
  ): Promise<{ jkt: string } | string> {
    this.secrets.add(proof);
    try {
      const header = decodeProtectedHeader(proof);
      if (header.typ !== "dpop+jwt") return "typ is not dpop+jwt";
      if (header.alg !== "ES256") return `unexpected alg ${header.alg}`;
      const jwk = header.jwk as JWK | undefined;
      if (!jwk || "d" in jwk) return "jwk missing or private";
      const { payload } = await jwtVerify(proof, await importJWK(jwk, "ES256"), { typ: "dpop+jwt" });
      if (payload.htm !== htm) return `htm ${String(payload.htm)} != ${htm}`;
      if (payload.htu !== htu) return `htu ${String(payload.htu)} != ${htu}`;
      if (typeof payload.jti !== "string" || typeof payload.iat !== "number") return "jti or iat missing";
      if (accessToken !== undefined) {
        const ath = base64url.encode(createHash("sha256").update(accessToken).digest());
        if (payload.ath !== ath) return "ath mismatch";
      }
      if (nonce !== undefined && payload.nonce !== nonce) return "use_dpop_nonce";
      return { jkt: await calculateJwkThumbprint(jwk) };
    } catch (err) {
      return `proof rejected: ${(err as Error).message}`;
    }
  }

  private grant(client: FakeClient, scope: string | null): string[] {
    const requested = (scope ?? "").split(" ").filter(Boolean);
    return client.allowedScopes ? requested.filter((s) => client.allowedScopes!.includes(s)) : requested;
  }

  private async issue(client: FakeClient, scopes: string[], jkt: string | undefined, withRefresh: boolean): Promise<Response> {
    const granted = scopes.filter((s) => s !== "offline_access");
    const accessToken = client.omitScope
      ? await new SignJWT({ scp: client.scpAsString ? granted.join(" ") : granted, cid: client.clientId })
          .setProtectedHeader({ alg: "HS256" })
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(this.jwtSecret)
      : secret("at");
    this.tokens.set(accessToken, { clientId: client.clientId, scopes: granted, jkt });
    this.secrets.add(accessToken);
    const body: Record<string, unknown> = {
      token_type: jkt ? "DPoP" : "Bearer",
      access_token: accessToken,
      expires_in: client.expiresIn ?? 3600,
    };
    if (!client.omitScope) body.scope = scopes.join(" ");
    if (withRefresh && scopes.includes("offline_access")) {
      const refreshToken = secret("rt");
      this.refreshTokens.set(refreshToken, { clientId: client.clientId, scopes, jkt });
      this.secrets.add(refreshToken);
      body.refresh_token = refreshToken;
    }
    return HttpResponse.json(body, { headers: { "cache-control": "no-store" } });
  }
}

function secret(prefix: string): string {
  return `${prefix}-${randomBytes(24).toString("base64url")}`;
}

function letters(n: number): string {
  const alphabet = "BCDFGHJKLMNPQRSTVWXZ";
  return Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join("");
}
