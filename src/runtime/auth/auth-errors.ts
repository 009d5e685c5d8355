// The one place where lower-layer errors (openid-client, oauth4webapi, fetch) become AuthError.
// Messages name the Okta error code and what to check; they never include tokens, assertions or keys.
import { ResponseBodyError } from "openid-client";
import { AuthError, OktaMcpError } from "../errors.js";

export type AuthStep = "client_credentials" | "device_authorize" | "device_poll" | "refresh";

const STEP_TEXT: Record<AuthStep, string> = {
  client_credentials: "Okta token endpoint refused the token request",
  device_authorize: "Okta refused to start the device sign-in",
  device_poll: "Okta device sign-in did not complete",
  refresh: "Okta refused to refresh the session",
};

const HINTS: Record<string, string> = {
  invalid_client: "check OKTA_CLIENT_ID, OKTA_KEY_ID and that the public key is registered on the app",
  unauthorized_client: "enable this grant type for the app in the Okta Admin Console",
  invalid_scope: "grant the scopes to the app under Okta API Scopes, or remove them from OKTA_SCOPES",
  access_denied: "the sign-in was denied; retry to start a new sign-in",
  expired_token: "the user code expired before sign-in completed; retry to start a new sign-in",
  invalid_grant: "the stored session is no longer valid; a new sign-in is needed",
  invalid_dpop_proof: "the app requires DPoP; set OKTA_DPOP=auto or always",
  use_dpop_nonce: "Okta kept asking for a new DPoP nonce",
};

export function toAuthError(err: unknown, step: AuthStep, orgUrl: string): AuthError {
  if (err instanceof OktaMcpError && err instanceof AuthError) return err;
  if (err instanceof ResponseBodyError) {
    const hint = HINTS[err.error];
    const what =
      step === "client_credentials" && err.error === "invalid_client"
        ? "Okta token endpoint refused the client assertion"
        : STEP_TEXT[step];
    const description = safeDescription(err.error_description);
    return new AuthError(
      `${what}: ${err.error}${description ? ` - ${description}` : ""}${hint ? ` (${hint})` : ""}`,
      { cause: err },
    );
  }
  const code = (err as { code?: unknown })?.code;
  if (code === "OAUTH_TIMEOUT") {
    return new AuthError(`Okta at ${orgUrl} did not answer in time (${step})`, { cause: err });
  }
  if (code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || code === "OAUTH_RESPONSE_IS_NOT_JSON") {
    return new AuthError(`Okta at ${orgUrl} gave an unexpected answer during ${step} (check OKTA_ORG_URL)`, { cause: err });
  }
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) {
    return new AuthError(`Cannot reach Okta at ${orgUrl} (check OKTA_ORG_URL and the network)`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AuthError(`${STEP_TEXT[step]}: ${oneLine(message)}`, { cause: err });
}

// Okta's descriptions are useful ("The scope 'x' is not allowed") and carry no secrets; keep them short and on one line.
function safeDescription(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return oneLine(text).slice(0, 200);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
