// Methods whose credential is a fixed string: an Okta API token (SSWS) or a sandbox bearer token.
import { registerSecret } from "../secret-redactor.js";
import type { AuthConfig } from "./auth-config.js";
import type { AuthMethod, AuthStatus, OktaAuth, RequestTarget } from "./types.js";

/** OKTA_API_TOKEN. Kept apart from create-auth.ts so that this method starts without loading the OAuth libraries. */
export function createApiTokenAuth(config: Pick<AuthConfig, "orgUrl" | "apiToken" | "scopes" | "log">): OktaAuth {
  config.log?.warn(
    "Using an Okta API token: it carries the full rights of the admin who created it; scope enforcement still follows OKTA_SCOPES",
  );
  return new FixedTokenAuth("api_token", config.orgUrl, `SSWS ${config.apiToken}`, config.scopes);
}

class FixedTokenAuth implements OktaAuth {
  constructor(
    readonly method: Extract<AuthMethod, "api_token" | "sandbox">,
    private readonly orgUrl: string,
    private readonly authorization: string,
    private readonly scopes: readonly string[],
  ) {
    // The sandbox's token is a fixed public string; a real API token is redacted from all output.
    if (method === "api_token") registerSecret(authorization.replace(/^SSWS\s+/, ""));
  }

  start(): void {}

  async authorize(_target: RequestTarget): Promise<Record<string, string>> {
    return { Authorization: this.authorization };
  }

  /** A fixed token cannot be renewed, so a retry would fail the same way. */
  async handleUnauthorized(_target: RequestTarget, _response: Response): Promise<boolean> {
    return false;
  }

  async grantedScopes(): Promise<string[]> {
    return [...this.scopes];
  }

  status(): AuthStatus {
    return { method: this.method, orgUrl: this.orgUrl, state: "ready", grantedScopes: [...this.scopes], notGranted: [], dpop: false };
  }

  onChange(_listener: () => void): void {
    // Granted scopes never change for a fixed token.
  }
}

/** The "sandbox" method: a fixed bearer token, for local fakes and tests. */
export function createStaticAuth(orgUrl: string, token: string, grantedScopes: string[]): OktaAuth {
  return new FixedTokenAuth("sandbox", orgUrl, `Bearer ${token}`, grantedScopes);
}
