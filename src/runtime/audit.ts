// The audit trail: JSON lines. A call that changes the org is recorded in two phases under one callId: the intent,
// written and fsync'd before the request leaves (no record, no request), and the outcome after. Every other call
// (reads, refusals, denials) is one record. A line is written whole or not at all: records are bounded (long values
// cut with markers), each line is one write loop, and a failed append is cut back off the file.
import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { Logger } from "./logger.js";
import { redactValue } from "./secret-redactor.js";

export type AuditDecision = "allowed" | "denied" | "declined" | "refused";
/**
 * intent: before a change leaves; outcome: after it (same callId); call: a whole call that changed nothing;
 * approval: a human's decision on a remote approval page (no call of its own: `confirmation.approvalId` links the calls).
 */
export type AuditPhase = "intent" | "outcome" | "call" | "approval";
/** How the human's confirmation was obtained (or why none was asked). */
export type ConfirmationChannel = "elicitation" | "approval-page" | "token" | "off";

export interface AuditRecord {
  time: string;
  /** One id per tools/call: an intent and its outcome share it. */
  callId: string;
  phase: AuditPhase;
  /** Remote mode: the signed-in admin who made the call (Okta login). */
  principal?: string;
  tool: string;
  operationId?: string;
  method?: string;
  path?: string;
  /** The caller's arguments, secrets redacted (keys kept), bounded. */
  arguments?: unknown;
  /** What goes on the wire besides the path (intent records): query, header arguments, body; redacted and bounded. */
  request?: { query?: unknown; headers?: unknown; body?: unknown };
  requiredScopes?: string[];
  grantedScopes?: string[];
  /** How the human was asked, and the answer (`via: "off"`: --no-confirm, nobody was asked). */
  confirmation?: {
    via: ConfirmationChannel;
    outcome?: "approved" | "denied" | "expired" | "cancelled" | "failed" | "refused" | "pending";
    /** Remote mode: the approval the human decides on its page (the same id on the calls and the decision). */
    approvalId?: string;
  };
  /** The precondition read made before asking: the tool, the field, and the value found. */
  precondition?: { tool: string; field: string; value?: unknown; status?: number };
  /** Absent on intent records (the outcome is not known yet). */
  decision?: AuditDecision;
  status?: number;
  oktaRequestId?: string;
  durationMs?: number;
  errorCode?: string;
  /** Merge updates: the read of the current object that preceded the write. */
  read?: { method: "GET"; path: string; status: number; oktaRequestId?: string };
  /** Merge updates: dot paths of the fields the write changed (values are not recorded). */
  changedFields?: string[];
  /** Set on the records of one playbook or report run (its steps and requests share it). */
  runId?: string;
  /** The playbook step or report phase a request belongs to. */
  step?: string;
  /** The read that followed a change to show its resulting state (allowlist readBack). */
  readBack?: { path: string; status: number; oktaRequestId?: string };
  /** What the protocol layer said about a call it refused before the pipeline saw it. */
  detail?: string;
  /** Set when values were cut to keep the line under the size bound. */
  truncated?: true;
}

export interface AuditLog {
  /** Writes the record as one whole line, or throws (nothing half-written stays in a file). `durable`: fsync first. */
  write(record: AuditRecord, options?: { durable?: boolean }): void;
  close(): void;
}

export type AuditTarget = { kind: "file"; path: string } | { kind: "stderr" } | { kind: "off" };

/** A line never exceeds this: bigger records lose detail (with markers), never their structure. */
export const MAX_AUDIT_LINE_BYTES = 64 * 1024;

// Okta puts secrets under these names (credentials.password, factor answers and passcodes, client secrets, keys).
const SECRET_KEY = /password|credential|token|secret|key|authorization|passcode|answer|cookie/i;
const REDACTED = "[REDACTED]";

interface Limits {
  depth: number;
  string: number;
  items: number;
  keys: number;
}
const GENEROUS: Limits = { depth: 24, string: 4096, items: 500, keys: 1000 };
const TIGHT: Limits = { depth: 8, string: 256, items: 20, keys: 100 };

/**
 * A copy fit for the audit trail and for confirmation texts: values under secret-named keys redacted (their keys
 * kept, so every key sent stays visible), long strings, lists and maps cut with markers, depth bounded. Builds
 * null-prototype maps, so no key (`__proto__` included) reaches a prototype, and never recurses without bound.
 */
export function auditValue(value: unknown, limits: Limits = GENEROUS): unknown {
  let nodes = 0;
  const copy = (v: unknown, secret: boolean, depth: number): unknown => {
    if (++nodes > 50_000) return "[…]";
    if (v === null || v === undefined) return v ?? null;
    if (typeof v === "string") return secret ? REDACTED : clip(v, limits.string);
    if (typeof v === "number" || typeof v === "boolean") return secret ? REDACTED : v;
    if (typeof v !== "object") return secret ? REDACTED : String(v);
    if (depth >= limits.depth) return "[nested too deep: cut]";
    if (Array.isArray(v)) {
      const out = v.slice(0, limits.items).map((item) => copy(item, secret, depth + 1));
      if (v.length > limits.items) out.push(`[+${v.length - limits.items} more items]`);
      return out;
    }
    const out: Record<string, unknown> = Object.create(null);
    const keys = Object.keys(v);
    for (const key of keys.slice(0, limits.keys)) {
      const item = (v as Record<string, unknown>)[key];
      if (item !== undefined) out[clip(key, 256)] = copy(item, secret || SECRET_KEY.test(key), depth + 1);
    }
    if (keys.length > limits.keys) out["[cut]"] = `+${keys.length - limits.keys} more keys`;
    return out;
  };
  return copy(value, false, 0);
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max)}…[+${text.length - max} chars]`);

/** Secrets redacted at any depth (keys kept). Kept for callers that only redact. */
export const redactSecrets = (value: unknown): unknown => auditValue(value);

/** One JSON line, at most MAX_AUDIT_LINE_BYTES: tighter limits first, then the bulky fields replaced by a marker. */
export function formatAuditLine(record: AuditRecord): Buffer {
  let line = Buffer.from(`${JSON.stringify(record)}\n`);
  if (line.length <= MAX_AUDIT_LINE_BYTES) return line;
  const tighter: AuditRecord = { ...record, truncated: true, arguments: auditValue(record.arguments, TIGHT) };
  if (record.request) tighter.request = auditValue(record.request, TIGHT) as AuditRecord["request"];
  line = Buffer.from(`${JSON.stringify(tighter)}\n`);
  if (line.length <= MAX_AUDIT_LINE_BYTES) return line;
  const marker = `[cut: the record was over ${MAX_AUDIT_LINE_BYTES} bytes]`;
  return Buffer.from(`${JSON.stringify({ ...tighter, arguments: marker, ...(record.request ? { request: marker } : {}) })}\n`);
}

const DENIED_CODES = new Set(["ERR_TOOL_NOT_EXPOSED", "ERR_SCOPE_DENIED"]);

/** Decision and error code of a result the pipeline did not build itself (built-in tools, discovery answers). */
export function outcomeOf(result: { isError?: boolean; structuredContent?: Record<string, unknown> }): { decision: AuditDecision; errorCode?: string } {
  if (!result.isError) return { decision: "allowed" };
  const code = (result.structuredContent?.error as { code?: unknown } | undefined)?.code;
  const errorCode = typeof code === "string" ? code : "ERR_INTERNAL";
  return { decision: DENIED_CODES.has(errorCode) ? "denied" : "refused", errorCode };
}

/** Writes one record; returns why it could not be (and logs it): the caller refuses a change, or tells the reader. */
export function tryWriteAudit(audit: AuditLog, record: AuditRecord, log: Logger, durable = false): string | undefined {
  try {
    // Live credentials are redacted from every record (secret-redactor.ts), whatever field carries them.
    audit.write(redactValue(record), { durable });
    return undefined;
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    log.error(`could not write the audit record of ${record.tool} (${record.phase}, callId ${record.callId}): ${why}`);
    return why;
  }
}

/** Writes one record, logging a failure (for records whose loss changes nothing: the call is over). */
export function writeAuditRecord(audit: AuditLog, record: AuditRecord, log: Logger): void {
  tryWriteAudit(audit, record, log);
}

export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(state, "okta-mcp-server", "audit.jsonl");
}

/** A bad audit target, with what to do about it. */
export class AuditTargetError extends Error {}

export function createAuditLog(target: AuditTarget): AuditLog {
  if (target.kind === "off") return { write() {}, close() {} };
  if (target.kind === "stderr") return lineWriter(2, false, () => {});
  const fd = openAuditFile(target.path);
  return lineWriter(fd, true, () => closeSync(fd));
}

/**
 * Opens the audit file for appending without following a symlink, in a directory nobody else can write to
 * (whoever can write there can swap the file), and only if it is a regular file.
 */
export function openAuditFile(path: string): number {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const where = statSync(dir);
  const uid = process.getuid?.();
  if (where.mode & 0o022) {
    throw new AuditTargetError(
      `the audit log's directory ${dir} is writable by ${where.mode & 0o002 ? "everyone" : "its group"} (mode ${(where.mode & 0o7777).toString(8)}): use a private directory, or chmod go-w it`,
    );
  }
  if (uid !== undefined && where.uid !== uid && where.uid !== 0) {
    throw new AuditTargetError(`the audit log's directory ${dir} belongs to another user (uid ${where.uid}): use a directory of your own`);
  }
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted at the path must not hang the open (it is refused below as not a regular file).
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new AuditTargetError(`the audit log ${path} is a symbolic link: give the real path`);
    // ENXIO: a FIFO nobody reads; EISDIR: a directory. Neither is a file to append to.
    if (code === "ENXIO" || code === "EISDIR") throw new AuditTargetError(`the audit log ${path} is not a regular file`);
    throw err;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new AuditTargetError(`the audit log ${path} is not a regular file`);
  }
  // A file created earlier with looser permissions is tightened too: arguments can name people.
  fchmodSync(fd, 0o600);
  return fd;
}

// A pipe (stderr) that is full answers EAGAIN: wait for the reader, but not for ever.
const PIPE_WAIT_MS = 10_000;
const pause = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms: number) => Atomics.wait(pause, 0, 0, ms);

/** Writes each line whole: loops on partial writes, and on failure cuts a file back to where the line began. */
function lineWriter(fd: number, isFile: boolean, close: () => void): AuditLog {
  // A pipe cannot be cut back: after a line broken off there, the next one starts on a fresh line.
  let broken = false;
  return {
    write(record, options) {
      let line = formatAuditLine(record);
      if (broken) line = Buffer.concat([Buffer.from("\n"), line]);
      const start = isFile ? fstatSync(fd).size : 0;
      let done = 0;
      const deadline = Date.now() + PIPE_WAIT_MS;
      try {
        while (done < line.length) {
          try {
            done += writeSync(fd, line, done, line.length - done);
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if ((code === "EAGAIN" || code === "EINTR") && Date.now() < deadline) {
              sleepSync(2);
              continue;
            }
            throw err;
          }
        }
        broken = false;
      } catch (err) {
        if (done > 0) {
          if (isFile) {
            try {
              ftruncateSync(fd, start);
            } catch {
              broken = true;
            }
          } else broken = true;
        }
        throw err;
      }
      if (options?.durable) {
        try {
          fsyncSync(fd);
        } catch (err) {
          // A pipe or terminal cannot be synced; the line is already in the reader's hands.
          const code = (err as NodeJS.ErrnoException).code;
          if (isFile || (code !== "EINVAL" && code !== "ENOTSUP" && code !== "EROFS")) throw err;
        }
      }
    },
    close,
  };
}
