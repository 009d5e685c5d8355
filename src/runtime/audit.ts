// One JSON line per tools/call, refused ones included. Written synchronously before the result is
// returned, so a crash loses no record. Secrets in arguments are redacted.
import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

export type AuditDecision = "allowed" | "denied" | "declined" | "refused";

export interface AuditRecord {
  time: string;
  tool: string;
  operationId?: string;
  method?: string;
  path?: string;
  arguments: unknown;
  requiredScopes?: string[];
  grantedScopes?: string[];
  decision: AuditDecision;
  status?: number;
  oktaRequestId?: string;
  durationMs: number;
  errorCode?: string;
}

export interface AuditLog {
  write(record: AuditRecord): void;
  close(): void;
}

export type AuditTarget = { kind: "file"; path: string } | { kind: "stderr" } | { kind: "off" };

const SECRET_KEY = /password|credential|token|secret|key/i;

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? "[REDACTED]" : redactSecrets(v);
    return out;
  }
  return value;
}

export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(state, "okta-mcp-server", "audit.jsonl");
}

export function createAuditLog(target: AuditTarget): AuditLog {
  if (target.kind === "off") return { write() {}, close() {} };
  if (target.kind === "stderr") {
    return { write: (record) => void writeSync(2, `${JSON.stringify(record)}\n`), close() {} };
  }
  mkdirSync(dirname(target.path), { recursive: true, mode: 0o700 });
  const fd = openSync(target.path, "a", 0o600);
  // A file created earlier with looser permissions is tightened too: arguments can name people.
  fchmodSync(fd, 0o600);
  return {
    write: (record) => void writeSync(fd, `${JSON.stringify(record)}\n`),
    close: () => closeSync(fd),
  };
}
