// The built-in sandbox Okta org: an in-memory, seeded fake of the Okta management API.

export { createSandboxOrg, DEFAULT_SANDBOX_ORG_URL } from "./create-sandbox-org.js";
export type { SandboxOptions, SandboxOrg } from "./create-sandbox-org.js";
export type { Fault } from "./faults.js";
export type { ListeningSandbox } from "./listen.js";
