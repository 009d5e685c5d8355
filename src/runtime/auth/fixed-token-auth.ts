// Methods whose credential is a fixed string: an Okta API token (SSWS) or a sandbox bearer token.
import type { AuthMethod, AuthStatus, OktaAuth, RequestTarget } from "./types.js";

export class FixedTokenAuth implements OktaAuth {
  constructor(
    readonly method: Extract<AuthMethod, "api_token" | "sandbox">,
    private readonly orgUrl: string,
    private readonly authorization: string,
    private readonly scopes: readonly string[],
  ) {}

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
