export type { AuthConfig, Log, LogLevel } from "./auth-config.js";
export { createAuth, createStaticAuth } from "./create-auth.js";
export { narrowScopes, coversScopes } from "./scopes.js";
export type { AuthMethod, AuthStatus, OktaAuth, RequestTarget } from "./types.js";
