import type { Logger } from "../logger.js";

export interface AuthConfig {
  /** Validated by the runtime: https, or http only for loopback hosts. */
  orgUrl: string;
  /** OKTA_CLIENT_ID */
  clientId?: string;
  /** OKTA_SCOPES (configured). */
  scopes: string[];
  /** OKTA_PRIVATE_KEY: PEM text (PKCS#1 or PKCS#8, literal "\n" allowed), a path to a PEM file, or JWK JSON. */
  privateKey?: string;
  /** OKTA_KEY_ID */
  keyId?: string;
  /** OKTA_API_TOKEN */
  apiToken?: string;
  /** Default auto: use DPoP when the token endpoint demands it. */
  dpop?: "auto" | "always" | "never";
  /** Device flow: try to open the browser (default true). */
  openBrowser?: boolean;
  /** Where device-flow tokens live (default $XDG_STATE_HOME/okta-mcp-server or ~/.local/state/okta-mcp-server). */
  stateDir?: string;
  /** Injectable fetch (tests, sandbox). */
  fetch?: typeof fetch;
  /** Goes to stderr. Never receives secrets. */
  log?: Logger;
  /** Clock in epoch milliseconds; injectable so tests can move time without timers. */
  now?: () => number;
  /** Waits between device-flow polls; injectable so tests need not wait real seconds. */
  sleep?: (ms: number) => Promise<void>;
}
