// Approvals of the remote mode, kept in the shared state store so that any instance serves any step: the call that
// creates an approval, the admin's page view and click (on whichever instance the browser reaches), and the call
// again that waits for the decision and consumes it.
//
// Why the call is answered instead of held open: over stateless HTTP the admin first has to learn where to approve
// (the model tells them, or the client opens the page through URL elicitation), and a request held for minutes
// dies with load balancer timeouts, client timeouts and instance restarts. So a new approval is answered at once
// ("pending at <url>"); a call again with the same admin, tool and exact arguments finds it, waits a bounded while
// (polling the store, so a decision made through another instance releases it), and runs only on an approval it
// consumes itself, once.
//
// An approval is bound to the admin's stable id, the tool, the exact arguments and the exact operation shown (request,
// state found, diff); the page shows and decides it only in that admin's browser session (approval-routes.ts). Its URL carries no secret. Decisions are single (set-if-absent), expire with the
// approval, and an approved decision is consumed once.
import { createHmac, randomBytes } from "node:crypto";
import type { ApprovalOutcome, ApprovalRequest, ApprovalService, PendingApproval } from "../../runtime/approval/approval-store.js";
import { canonicalJson } from "../../runtime/confirm.js";
import type { OperationSummary } from "../../runtime/operation-summary.js";
import type { StateStore } from "../state/store.js";

export type FinalOutcome = Exclude<ApprovalOutcome, "pending">;

export interface ApprovalRecord {
  id: string;
  /** The admin's stable id (Okta user id): only their browser session sees or decides it. */
  subject: string;
  /** The admin's login, for pages and the audit trail. */
  login: string;
  tool: string;
  summary: OperationSummary;
  /** Anti-CSRF token of the page's form. */
  csrf: string;
  createdAt: number;
  expiresAt: number;
}

export interface Decision {
  outcome: FinalOutcome;
  at: number;
  /** Who decided: the admin on the page (their login), the client (decline/cancel), or the server (expiry). */
  by: string;
}

export interface SharedApprovalsOptions {
  store: StateStore;
  /** Public origin (https://mcp.example.com): the pages' URLs. */
  origin: string;
  /** Key material shared by every instance (binds approvals to admin, tool and arguments); random when absent. */
  secret?: Buffer;
  /** Longest a call waits for a decision before it is answered "pending" (the client's own timeout is often 60 s). */
  waitMs?: number;
  /** How often a waiting call reads the store. */
  pollMs?: number;
  /** Pending approvals one admin may have at once. */
  maxPendingPerAdmin?: number;
  now?: () => number;
}

export interface SharedApprovals extends ApprovalService {
  /** The stable, secret-free URL of the signed-in admin's pending approvals. */
  readonly listUrl: string;
  pageUrl(id: string): string;
  /** An approval and its decision (if any); undefined when unknown or long gone. */
  get(id: string): Promise<{ record: ApprovalRecord; decision?: Decision } | undefined>;
  /** The admin's approvals still waiting for a decision, oldest first. */
  pendingOf(subject: string): Promise<ApprovalRecord[]>;
  /** Decides once: the decision that holds (this one, or one made before, or "expired"), and whether this call made it. */
  decide(id: string, outcome: FinalOutcome, by: string): Promise<{ decision: Decision; made: boolean } | undefined>;
}

/** An approval stays readable this long after it expires, so that a reload says what happened. */
const KEEP_MS = 10 * 60_000;
const ID = /^[A-Za-z0-9_-]{22}$/;
/** Largest approval record kept (the summary is bounded by the audit value limits; this is a backstop). */
const MAX_RECORD_BYTES = 512 * 1024;

const keys = {
  record: (id: string) => `approval:${id}`,
  decision: (id: string) => `approval:${id}:decision`,
  used: (id: string) => `approval:${id}:used`,
  binding: (hash: string) => `approval-binding:${hash}`,
  pendingOf: (subject: string) => `approvals-of:${subject}`,
};

export class ApprovalRefusedError extends Error {}

export function createSharedApprovals(options: SharedApprovalsOptions): SharedApprovals {
  const { store } = options;
  const now = options.now ?? Date.now;
  const waitMs = options.waitMs ?? 30_000;
  const pollMs = options.pollMs ?? 500;
  const maxPending = options.maxPendingPerAdmin ?? 20;
  const bindingKey = createHmac("sha256", options.secret ?? randomBytes(32)).update("okta-mcp approval binding").digest();
  const listUrl = `${options.origin}/approvals`;
  const pageUrl = (id: string) => `${listUrl}/${id}`;
  // Waits of this instance, released (answered "pending") at shutdown so that draining does not wait for humans.
  const waiting = new Set<AbortController>();

  // The operation shown is part of the binding: a call again finds the approval only while the request it would send
  // (and the state and diff it was shown with) is exactly what the admin saw; otherwise the admin is asked anew.
  const bindingOf = (subject: string, tool: string, args: Record<string, unknown>, summary: OperationSummary) =>
    createHmac("sha256", bindingKey).update(`${subject}\n${tool}\n${canonicalJson(args)}\n${canonicalJson(summary)}`).digest("base64url");

  const parse = <T>(raw: string | undefined): T | undefined => {
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  };

  async function get(id: string) {
    if (!ID.test(id)) return undefined;
    const record = parse<ApprovalRecord>(await store.get(keys.record(id)));
    if (!record || record.id !== id) return undefined;
    const decision = parse<Decision>(await store.get(keys.decision(id)));
    return { record, ...(decision ? { decision } : {}) };
  }

  /** Sets the decision unless one exists; returns the one that holds. An approval past its expiry can only expire. */
  async function decide(id: string, outcome: FinalOutcome, by: string): Promise<{ decision: Decision; made: boolean } | undefined> {
    const found = await get(id);
    if (!found) return undefined;
    if (found.decision) return { decision: found.decision, made: false };
    const { record } = found;
    const t = now();
    const decision: Decision = t >= record.expiresAt && outcome !== "cancelled" ? { outcome: "expired", at: t, by: "server" } : { outcome, at: t, by };
    // As long as the record lives (see create).
    const ttl = Math.max(1, record.expiresAt + (record.expiresAt - record.createdAt) + KEEP_MS - t);
    if (!(await store.setIfAbsent(keys.decision(id), JSON.stringify(decision), ttl))) {
      const held = parse<Decision>(await store.get(keys.decision(id)));
      return held ? { decision: held, made: false } : undefined;
    }
    // Decided: no longer listed as waiting for the admin.
    await store.removeFromSet(keys.pendingOf(record.subject), id);
    return { decision, made: true };
  }

  /** Forgets the binding (when it still names this approval), so that a call again creates a new approval. */
  async function unbind(hash: string, id: string) {
    if ((await store.get(keys.binding(hash))) === id) await store.del(keys.binding(hash));
  }

  /**
   * The outcome for this call: waits (up to `until`) while nobody decided; an approved decision is consumed by exactly
   * one call; a final one ends the binding.
   */
  async function settle(record: ApprovalRecord, hash: string, request: ApprovalRequest, until: number, release: AbortSignal): Promise<ApprovalOutcome> {
    const signal = request.signal;
    for (;;) {
      let decision = parse<Decision>(await store.get(keys.decision(record.id)));
      const cancelled = !decision && (signal?.aborted || (await request.cancelledElsewhere?.().catch(() => false)));
      if (cancelled) decision = (await decide(record.id, "cancelled", "client"))?.decision;
      if (!decision && now() >= record.expiresAt) decision = (await decide(record.id, "expired", "server"))?.decision;
      if (decision) {
        await unbind(hash, record.id);
        if (decision.outcome !== "approved") return decision.outcome;
        // Approved: usable for one more approval period, by one call only, and not by a call its client cancelled.
        if (now() >= decision.at + (record.expiresAt - record.createdAt)) return "expired";
        if (signal?.aborted || (await request.cancelledElsewhere?.().catch(() => false))) return "cancelled";
        const first = await store.setIfAbsent(keys.used(record.id), String(now()), Math.max(1, record.expiresAt - record.createdAt + KEEP_MS));
        return first ? "approved" : "expired";
      }
      if (now() >= until || release.aborted) return "pending";
      await sleep(Math.min(pollMs, Math.max(1, until - now())), signal, release);
    }
  }

  async function find(hash: string) {
    const id = await store.get(keys.binding(hash));
    if (!id) return undefined;
    const found = await get(id);
    if (!found) await store.del(keys.binding(hash)); // stale: the record is gone
    return found;
  }

  async function create(request: ApprovalRequest): Promise<PendingApproval> {
    const subject = request.subject ?? request.principal;
    if (!subject) throw new ApprovalRefusedError("remote approvals need a signed-in admin");
    const tool = request.summary.tool;
    const hash = bindingOf(subject, tool, request.args ?? {}, request.summary);
    const links = (id: string) => ({ id, page: pageUrl(id), list: listUrl });

    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await find(hash);
      if (found && found.record.subject === subject && found.record.tool === tool) {
        const { record } = found;
        // The client declined (or dismissed) opening the page: the approval is withdrawn.
        if (!found.decision && (request.clientAnswer === "decline" || request.clientAnswer === "cancel")) {
          await decide(record.id, request.clientAnswer === "decline" ? "denied" : "cancelled", "client");
        }
        const release = new AbortController();
        waiting.add(release);
        const decision = settle(record, hash, request, Math.min(now() + waitMs, record.expiresAt), release.signal).finally(() => waiting.delete(release));
        return { url: pageUrl(record.id), expiresAt: record.expiresAt, decision, links: links(record.id), created: false };
      }

      const open = await pendingOf(subject);
      if (open.length >= maxPending) {
        throw new ApprovalRefusedError(`${open.length} approvals are already waiting for this admin's decision at ${listUrl}; approve or deny those first`);
      }
      const t = now();
      const record: ApprovalRecord = {
        id: randomBytes(16).toString("base64url"),
        subject,
        login: request.principal ?? subject,
        tool,
        summary: request.summary,
        csrf: randomBytes(32).toString("base64url"),
        createdAt: t,
        expiresAt: t + request.timeoutMs,
      };
      const json = JSON.stringify(record);
      if (Buffer.byteLength(json) > MAX_RECORD_BYTES) throw new ApprovalRefusedError("the operation is too large to show on an approval page");
      // Kept for the approval period, one more for an approved decision to be used, and a while for reloads.
      const ttl = 2 * request.timeoutMs + KEEP_MS;
      await store.set(keys.record(record.id), json, ttl);
      // Two identical calls at once share one approval: the second finds the first's binding and waits on it.
      if (!(await store.setIfAbsent(keys.binding(hash), record.id, ttl))) {
        await store.del(keys.record(record.id));
        continue;
      }
      await store.addToSet(keys.pendingOf(subject), record.id, ttl);
      return { url: pageUrl(record.id), expiresAt: record.expiresAt, decision: Promise.resolve("pending"), links: links(record.id), created: true };
    }
    throw new ApprovalRefusedError("the approval could not be stored; try again");
  }

  async function pendingOf(subject: string): Promise<ApprovalRecord[]> {
    const ids = await store.members(keys.pendingOf(subject));
    const out: ApprovalRecord[] = [];
    const t = now();
    for (const id of ids.slice(0, 200)) {
      const found = await get(id);
      if (!found || found.decision || found.record.subject !== subject || found.record.expiresAt <= t) {
        await store.removeFromSet(keys.pendingOf(subject), id);
        continue;
      }
      out.push(found.record);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  return {
    listUrl,
    pageUrl,
    get,
    pendingOf,
    decide,
    create,
    async close() {
      for (const release of waiting) release.abort();
    },
  };
}

/** Sleeps, ending early when either signal aborts. */
function sleep(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    const done = () => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of live) {
      if (s.aborted) return done();
      s.addEventListener("abort", done, { once: true });
    }
  });
}
