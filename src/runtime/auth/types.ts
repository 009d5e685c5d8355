// The interface between the runtime and the auth module. The runtime never sees a secret:
// it asks for the headers of one request and hands back a 401 it could not explain.

export type AuthMethod = "private_key_jwt" | "device_authorization" | "api_token" | "sandbox" | "authorization_code";

export interface RequestTarget {
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL of the management API request (no fragment). */
  url: string;
}

export interface AuthStatus {
  method: AuthMethod;
  orgUrl: string;
  /** "ready", or "pending" while an interactive sign-in has not completed, or "failed". */
  state: "ready" | "pending" | "failed";
  /** Scopes Okta granted (undefined until known). */
  grantedScopes?: string[];
  /** Configured scopes that Okta did not grant. */
  notGranted?: string[];
  /** Whether calls carry a DPoP proof. */
  dpop: boolean;
  /** For a pending device sign-in: where the human signs in. */
  verificationUri?: string;
  verificationUriComplete?: string;
  userCode?: string;
  /** Human-readable reason when state is "failed" (never a secret). */
  error?: string;
}

export interface OktaAuth {
  readonly method: AuthMethod;
  /**
   * Starts whatever the method needs in the background (device sign-in, first token) without blocking.
   * Never throws: failures surface through status() and authorize().
   */
  start(): void;
  /**
   * Headers for one management API request: `Authorization` (Bearer, DPoP or SSWS) and, with DPoP, `DPoP`.
   * Throws AuthError (code ERR_AUTH_PENDING while a device sign-in is waiting, with the URL and user code in the message).
   */
  authorize(target: RequestTarget): Promise<Record<string, string>>;
  /**
   * Called with a 401 from the management API. Returns true when a retry with fresh headers may succeed
   * (a DPoP-Nonce challenge, an expired token that was renewed); false otherwise.
   */
  handleUnauthorized(target: RequestTarget, response: Response): Promise<boolean>;
  /**
   * Scopes granted for this session = configured scopes narrowed by what the token response granted.
   * Resolves to the configured scopes while a device sign-in is pending (the tools are listed, calls wait).
   */
  grantedScopes(): Promise<string[]>;
  status(): AuthStatus;
  /** Subscribe to changes in granted scopes (a device sign-in completing), so the server can send tools/list_changed. */
  onChange(listener: () => void): void;
}
