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
