export type { AuthConfig } from "./auth-config.js";
export { createAuth } from "./create-auth.js";
export { createApiTokenAuth, createStaticAuth } from "./fixed-token-auth.js";
export type { AuthMethod, AuthStatus, OktaAuth, RequestTarget } from "./types.js";
