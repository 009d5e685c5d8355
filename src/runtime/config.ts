// Turns environment variables and CLI flags into one frozen Config, or throws ConfigError with a fix.
// Env names follow Okta's official server (OKTA_*); flags win over env.
import { realpathSync, statSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { type AuditTarget, defaultAuditPath } from "./audit.js";
import { ConfigError } from "./errors.js";
import { isAllowedOrgUrl } from "./org-url.js";
import { type LogLevel, parseLogLevel } from "./logger.js";
import { splitList } from "./scopes.js";
import { registerPrivateKey, registerSecret } from "./secret-redactor.js";

export interface Config {
  /** Undefined only with --sandbox (the sandbox provides it). */
  orgUrl?: string;
  clientId?: string;
  scopes: string[];
  privateKey?: string;
  keyId?: string;
  apiToken?: string;
  /** DPoP for private_key_jwt / device tokens: auto (when Okta demands it), always, never. */
  dpop: "auto" | "always" | "never";
  /** Device sign-in: open the verification URL in a browser. */
  openBrowser: boolean;
  logLevel: LogLevel;
  toolsets?: string[];
  tools?: string[];
  readOnly: boolean;
  audit: AuditTarget;
  sandbox: boolean;
  sandboxPort?: number;
  /** Sandbox org size: "large" seeds 10,000 users and 100,000 System Log events. */
  sandboxSize: "default" | "large";
  /** Directory security_report may write files into (the user names it); undefined = no files. */
  reportDir?: string;
  allowlistFile?: string;
  toolMode: "direct" | "discover";
  catalog: "default" | "all";
  confirm: boolean;
  /** Without elicitation, the single-use token path instead of the approval page (the operator's opt-in). */
  confirmWithToken: boolean;
  approvalTimeoutMs: number;
  /** Command that opens approval pages (OKTA_MCP_BROWSER), instead of the OS opener. */
  browserCommand?: string;
  timeoutMs: number;
  maxItems: number;
  maxResultBytes: number;
  /** Cap on one Okta answer, on the wire and decoded, and on what one fetchAll call reads in total. */
  maxResponseBytes: number;
}

/**
 * 16 MiB: Okta's largest real pages are about 10 MB (10,000 groups at ~1 KB each with _links), 1,000 System
 * Log events (~4 MB), 1,000 group members or 200 users with full profiles (1–3 MB). A parsed answer at this cap
 * stays well under 100 MiB of memory (see json-shape.ts).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Flags as commander parses them (all optional strings/booleans). */
export interface CliFlags {
  orgUrl?: string;
  toolsets?: string;
  tools?: string;
  readOnly?: boolean;
  auditLog?: string;
  sandbox?: boolean;
  sandboxPort?: string;
  sandboxSize?: string;
  reportDir?: string;
  allowlist?: string;
  toolMode?: string;
  catalog?: string;
  confirm?: boolean;
  confirmWithToken?: boolean;
  approvalTimeout?: string;
  timeout?: string;
  maxItems?: string;
  maxResultBytes?: string;
  maxResponseBytes?: string;
  logLevel?: string;
  dpop?: string;
  browser?: boolean;
}

const list = (value: string | undefined) => (value ? splitList(value) : undefined);

function positiveInt(value: string | undefined, what: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError(`${what} must be a positive integer, got "${value}"`);
  return n;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value);
}

function parseOrgUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`OKTA_ORG_URL "${raw}" is not a URL (use the org's base URL, e.g. https://example.okta.com)`);
  }
  if (!isAllowedOrgUrl(url)) {
    throw new ConfigError(`OKTA_ORG_URL must use https:// (got ${url.protocol}//${url.host}; http:// is allowed only for localhost)`);
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`OKTA_ORG_URL must be the org's base URL without a path (use ${url.origin})`);
  }
  return url.origin;
}

function parseAudit(value: string | undefined, env: NodeJS.ProcessEnv): AuditTarget {
  if (value === undefined || value === "") return { kind: "file", path: defaultAuditPath(env) };
  if (value === "-") return { kind: "stderr" };
  if (value === "off") return { kind: "off" };
  return { kind: "file", path: value };
}

/**
 * The report directory must exist, be a directory and not be writable by group or others: files are created only
 * inside it, so a world-writable place (where another user could plant a symlink) is refused.
 */
function parseReportDir(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  const dir = resolvePath(raw);
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    throw new ConfigError(`--report-dir ${dir} does not exist (create it, mode 700)`);
  }
  if (!stats.isDirectory()) throw new ConfigError(`--report-dir ${dir} is not a directory`);
  if ((stats.mode & 0o022) !== 0) throw new ConfigError(`--report-dir ${dir} is writable by group or others (chmod 700 it)`);
  return realpathSync(dir);
}

/**
 * A credential or identifier that goes into an HTTP header must be one line of printable text: a CR/LF would
 * split the header (and the HTTP stack would echo the value in its error). Named, never quoted.
 */
function headerSafe(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^[\x21-\x7e]+$/.test(value.trim())) {
    throw new ConfigError(`${name} contains a line break, space, control or non-ASCII character (copy it again without them; the value is not shown)`);
  }
  return value.trim();
}

export function loadConfig(env: NodeJS.ProcessEnv, flags: CliFlags): Readonly<Config> {
  const sandbox = flags.sandbox === true;
  const rawOrg = flags.orgUrl ?? env.OKTA_ORG_URL;
  const orgUrl = rawOrg ? parseOrgUrl(rawOrg) : undefined;
  // PEM keys are multi-line by nature; they never go into a header (only the assertion signed with them does).
  const privateKey = env.OKTA_PRIVATE_KEY || undefined;
  const keyId = headerSafe("OKTA_KEY_ID", env.OKTA_KEY_ID);
  const clientId = headerSafe("OKTA_CLIENT_ID", env.OKTA_CLIENT_ID);
  const apiToken = headerSafe("OKTA_API_TOKEN", env.OKTA_API_TOKEN);
  registerSecret(apiToken);
  registerPrivateKey(privateKey);
  const scopes = splitList(env.OKTA_SCOPES);

  if (!sandbox) {
    if (!orgUrl) throw new ConfigError("OKTA_ORG_URL is not set (set it to your org, e.g. https://example.okta.com, or use --sandbox)");
    // Which credentials are complete is the auth module's call (createAuth throws ConfigError): one owner for those checks.
    if (scopes.length === 0) throw new ConfigError("OKTA_SCOPES is empty (list the Okta API scopes granted to the app, e.g. \"okta.users.read okta.groups.read\")");
  }

  const rawLevel = flags.logLevel ?? env.OKTA_LOG_LEVEL;
  const logLevel = rawLevel === undefined || rawLevel === "" ? "info" : parseLogLevel(rawLevel);
  if (!logLevel) throw new ConfigError(`OKTA_LOG_LEVEL "${rawLevel}" is not a level (use debug, info, warn or error)`);

  const toolMode = flags.toolMode ?? env.OKTA_MCP_TOOL_MODE ?? "direct";
  if (toolMode !== "direct" && toolMode !== "discover") throw new ConfigError(`--tool-mode must be direct or discover, got "${toolMode}"`);
  const catalog = flags.catalog ?? "default";
  if (catalog !== "default" && catalog !== "all") throw new ConfigError(`--catalog must be default or all, got "${catalog}"`);

  const dpop = flags.dpop ?? env.OKTA_DPOP ?? "auto";
  if (dpop !== "auto" && dpop !== "always" && dpop !== "never") throw new ConfigError(`OKTA_DPOP must be auto, always or never, got "${dpop}"`);

  const sandboxPort = flags.sandboxPort !== undefined ? positiveInt(flags.sandboxPort, "--sandbox-port", 0) : undefined;
  if (sandboxPort !== undefined && sandboxPort > 65535) throw new ConfigError(`--sandbox-port must be at most 65535`);
  if (flags.sandboxPort !== undefined && !sandbox) throw new ConfigError("--sandbox-port needs --sandbox");
  const sandboxSize = flags.sandboxSize ?? "default";
  if (sandboxSize !== "default" && sandboxSize !== "large") throw new ConfigError(`--sandbox-size must be default or large, got "${sandboxSize}"`);
  if (flags.sandboxSize !== undefined && !sandbox) throw new ConfigError("--sandbox-size needs --sandbox");
  const reportDir = parseReportDir(flags.reportDir ?? env.OKTA_MCP_REPORT_DIR);

  return Object.freeze({
    orgUrl,
    clientId,
    scopes,
    privateKey,
    keyId,
    apiToken,
    dpop,
    openBrowser: flags.browser !== false && !truthy(env.OKTA_MCP_NO_BROWSER),
    logLevel,
    toolsets: list(flags.toolsets ?? env.OKTA_MCP_TOOLSETS),
    tools: list(flags.tools ?? env.OKTA_MCP_TOOLS),
    readOnly: flags.readOnly === true || truthy(env.OKTA_MCP_READ_ONLY),
    audit: parseAudit(flags.auditLog ?? env.OKTA_MCP_AUDIT_LOG, env),
    sandbox,
    sandboxPort,
    sandboxSize,
    reportDir,
    allowlistFile: flags.allowlist,
    toolMode,
    catalog,
    confirm: flags.confirm !== false,
    confirmWithToken: flags.confirmWithToken === true || truthy(env.OKTA_MCP_CONFIRM_WITH_TOKEN),
    approvalTimeoutMs: positiveInt(flags.approvalTimeout ?? env.OKTA_MCP_APPROVAL_TIMEOUT, "--approval-timeout", 300) * 1000,
    browserCommand: env.OKTA_MCP_BROWSER || undefined,
    timeoutMs: positiveInt(flags.timeout ?? env.OKTA_MCP_TIMEOUT_MS, "--timeout", 30_000),
    maxItems: positiveInt(flags.maxItems ?? env.OKTA_MCP_MAX_ITEMS, "--max-items", 1000),
    maxResultBytes: positiveInt(flags.maxResultBytes ?? env.OKTA_MCP_MAX_RESULT_BYTES, "--max-result-bytes", 100_000),
    maxResponseBytes: positiveInt(flags.maxResponseBytes ?? env.OKTA_MCP_MAX_RESPONSE_BYTES, "--max-response-bytes", DEFAULT_MAX_RESPONSE_BYTES),
  }) as Readonly<Config>;
}
