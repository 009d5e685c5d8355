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
  | "ERR_CONFIRMATION_DECLINED";

export class OktaMcpError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad configuration: the CLI prints one line and exits 2. */
export class ConfigError extends OktaMcpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_CONFIG", message, options);
  }
}

export class AuthError extends OktaMcpError {
  constructor(message: string, options?: { cause?: unknown; code?: "ERR_AUTH" | "ERR_AUTH_PENDING" }) {
    super(options?.code ?? "ERR_AUTH", message, options);
  }
}

/** The tool needs scopes the session was not granted; no request was sent. */
export class ScopeDeniedError extends OktaMcpError {
  readonly required: string[];
  readonly granted: string[];
  constructor(message: string, required: string[], granted: string[]) {
    super("ERR_SCOPE_DENIED", message);
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
  constructor(message: string, details: { status: number; errorCode?: string; requestId?: string }) {
    super("ERR_OKTA_API", message);
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
  constructor(message: string, confirmationToken?: string) {
    super("ERR_CONFIRMATION_REQUIRED", message);
    this.confirmationToken = confirmationToken;
  }
}

export class ConfirmationDeclinedError extends OktaMcpError {
  constructor(message: string) {
    super("ERR_CONFIRMATION_DECLINED", message);
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
  const message = known ? err.message : "Internal error in okta-mcp-server (see the server log on stderr).";
  const structured: Record<string, unknown> = { error: { code, message } };
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
  return { isError: true, content: [{ type: "text", text: `${code}: ${message}` }], structuredContent: structured };
}
