// One base error with a stable string code; each layer throws its own subclass.
// Messages are written for the reader who must act on them (an operator or the model), and never carry secrets.

export type ErrorCode =
  | "ERR_CONFIG"
  | "ERR_AUTH"
  | "ERR_AUTH_PENDING"
  | "ERR_SCOPE_DENIED"
  | "ERR_TOOL_NOT_EXPOSED"
  | "ERR_INVALID_ARGUMENTS"
  | "ERR_OKTA_API"
  | "ERR_NETWORK"
  | "ERR_TIMEOUT"
  | "ERR_RESPONSE_TOO_LARGE"
  | "ERR_CONFIRMATION_REQUIRED"
  | "ERR_CONFIRMATION_DECLINED"
  | "ERR_APPROVAL_PENDING"
  | "ERR_PRECONDITION_FAILED"
  | "ERR_AUDIT_UNAVAILABLE";

/**
 * The one next step the model can take after each kind of failure, unless the error names a more precise one.
 * A Record over ErrorCode: a new code does not compile until it says what to do next.
 */
const NEXT_STEP: Record<ErrorCode | "ERR_INTERNAL", string> = {
  ERR_CONFIG: "Ask the operator to fix the configuration named above and restart the server.",
  ERR_AUTH: "Ask the operator to fix the Okta sign-in named above; call get_auth_status to see the current state.",
  ERR_AUTH_PENDING: "Ask the user to finish signing in at the URL above, then call this tool again.",
  ERR_SCOPE_DENIED: "Ask an Okta admin to grant the missing scope, or use a tool this session can call (get_auth_status lists the granted scopes).",
  ERR_TOOL_NOT_EXPOSED: "Use one of the tools this server lists; ask the operator to expose this one if it is needed.",
  ERR_INVALID_ARGUMENTS: "Fix the arguments named above (see the tool's input schema) and call again.",
  ERR_OKTA_API: "Read Okta's error above, correct the call, and try again only if something changed.",
  ERR_NETWORK: "Call get_auth_status to check that the org is reachable, then retry once; if it still fails, tell the user.",
  ERR_RESPONSE_TOO_LARGE: "Ask for less: a smaller limit, a filter or a search; if the org's real pages are this large, ask the operator to raise --max-response-bytes.",
  ERR_TIMEOUT: "Retry once with a narrower request (a smaller limit, a filter or a search); if it times out again, tell the user Okta is slow.",
  ERR_CONFIRMATION_REQUIRED: "Show the user exactly this operation and wait for their explicit answer before calling again.",
  ERR_CONFIRMATION_DECLINED: "Do not retry: tell the user nothing was changed and ask what they want to do instead.",
  ERR_APPROVAL_PENDING: "Ask the user to approve or deny it at the approval URL above (only they can), then call again with exactly the same arguments.",
  ERR_PRECONDITION_FAILED: "Do not retry as is: tell the user the object's current state, and take the step named above first if they want it.",
  ERR_AUDIT_UNAVAILABLE: "Tell the user the audit log cannot be written, so the server makes no change; reads still work.",
  ERR_INTERNAL: "Tell the user the server hit an internal error (details are in its log on stderr); do not repeat the same call.",
};

/** Every code a tool result can carry. */
export const TOOL_ERROR_CODES = Object.keys(NEXT_STEP) as (ErrorCode | "ERR_INTERNAL")[];

export class OktaMcpError extends Error {
  readonly code: ErrorCode;
  /** What the model can do about it, one sentence: the end of every error result. */
  readonly nextStep: string;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; nextStep?: string }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.nextStep = options?.nextStep ?? NEXT_STEP[code];
  }
}

/** Bad configuration: the CLI prints one line and exits 2. */
export class ConfigError extends OktaMcpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_CONFIG", message, options);
  }
}

export class AuthError extends OktaMcpError {
  constructor(message: string, options?: { cause?: unknown; code?: "ERR_AUTH" | "ERR_AUTH_PENDING"; nextStep?: string }) {
    super(options?.code ?? "ERR_AUTH", message, options);
  }
}

/** The tool needs scopes the session was not granted; no request was sent. */
export class ScopeDeniedError extends OktaMcpError {
  readonly required: string[];
  readonly granted: string[];
  constructor(message: string, required: string[], granted: string[], nextStep?: string) {
    super("ERR_SCOPE_DENIED", message, { nextStep });
    this.required = required;
    this.granted = granted;
  }
}

/** The tool exists in no table this server exposes (toolsets, read-only, allowlist). */
export class ToolNotExposedError extends OktaMcpError {
  constructor(message: string) {
    super("ERR_TOOL_NOT_EXPOSED", message);
  }
}

export class InvalidArgumentsError extends OktaMcpError {
  constructor(message: string) {
    super("ERR_INVALID_ARGUMENTS", message);
  }
}

/** A non-2xx answer from Okta, with what Okta said about it. */
export class OktaApiError extends OktaMcpError {
  readonly status: number;
  readonly errorCode?: string;
  readonly requestId?: string;
  constructor(message: string, details: { status: number; errorCode?: string; requestId?: string; nextStep?: string }) {
    super("ERR_OKTA_API", message, { nextStep: details.nextStep });
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.requestId = details.requestId;
  }
}

export class NetworkError extends OktaMcpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_NETWORK", message, options);
  }
}

export class TimeoutError extends OktaMcpError {
  constructor(message: string) {
    super("ERR_TIMEOUT", message);
  }
}

/** Okta's answer was over the size or shape caps (--max-response-bytes) and was dropped unread. */
export class ResponseTooLargeError extends OktaMcpError {
  constructor(message: string) {
    super("ERR_RESPONSE_TOO_LARGE", message);
  }
}

/** A destructive tool was called without confirmation; carries the single-use token that confirms it. */
export class ConfirmationRequiredError extends OktaMcpError {
  readonly confirmationToken?: string;
  constructor(message: string, confirmationToken?: string, nextStep?: string) {
    super("ERR_CONFIRMATION_REQUIRED", message, { nextStep });
    this.confirmationToken = confirmationToken;
  }
}

/**
 * Remote mode: the call waits for the signed-in admin's decision on the approval page (served by this server,
 * reachable only in that admin's own browser session). The URLs carry no secret: the model may pass them on.
 */
export class ApprovalPendingError extends OktaMcpError {
  readonly approval: { url: string; approvalsUrl: string; expiresAt: string };
  constructor(message: string, approval: { url: string; approvalsUrl: string; expiresAt: string }) {
    super("ERR_APPROVAL_PENDING", message);
    this.approval = approval;
  }
}

export class ConfirmationDeclinedError extends OktaMcpError {
  constructor(message: string) {
    super("ERR_CONFIRMATION_DECLINED", message);
  }
}

/** One read shows the call cannot succeed in the current state (the allowlist's precondition); nobody was asked. */
export class PreconditionFailedError extends OktaMcpError {
  constructor(message: string) {
    super("ERR_PRECONDITION_FAILED", message);
  }
}

/** The intent record of a change could not be written: the change is not sent (the audit trail fails closed). */
export class AuditUnavailableError extends OktaMcpError {
  constructor(message: string) {
    super("ERR_AUDIT_UNAVAILABLE", message);
  }
}

/** MCP tool result of a failure: the message and code only, never a stack trace. */
export interface ToolErrorResult {
  [key: string]: unknown;
  isError: true;
  content: { type: "text"; text: string }[];
  structuredContent: Record<string, unknown>;
}

export function toToolResult(err: unknown): ToolErrorResult {
  const known = err instanceof OktaMcpError;
  const code = known ? err.code : "ERR_INTERNAL";
  // Unknown errors may carry anything (paths, tokens in URLs): name the class only.
  const message = known ? err.message : "Internal error in okta-mcp-server.";
  const nextStep = known ? err.nextStep : NEXT_STEP.ERR_INTERNAL;
  const structured: Record<string, unknown> = { error: { code, message, nextStep } };
  const details = structured.error as Record<string, unknown>;
  if (err instanceof OktaApiError) {
    details.status = err.status;
    if (err.errorCode) details.oktaErrorCode = err.errorCode;
    if (err.requestId) details.oktaRequestId = err.requestId;
  }
  if (err instanceof ScopeDeniedError) {
    details.requiredScopes = err.required;
    details.grantedScopes = err.granted;
  }
  if (err instanceof ConfirmationRequiredError && err.confirmationToken) {
    details.confirmationToken = err.confirmationToken;
  }
  if (err instanceof ApprovalPendingError) details.approval = err.approval;
  return { isError: true, content: [{ type: "text", text: `${code}: ${message} Next step: ${nextStep}` }], structuredContent: structured };
}
