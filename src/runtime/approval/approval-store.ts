// Out-of-band approval that the model cannot complete: each pending approval is a one-time page whose URL carries a
// 256-bit secret that goes to the human's browser only (never into a tool result, a log line or the audit trail).
// The human approves or denies with a POST that must carry the page's anti-CSRF token and come from the page's
// own origin. Transport-agnostic: `handle` is a web-standard handler, mounted on a loopback server for stdio
// (loopback-approvals.ts) or, in remote mode, behind the admin's sign-in on the remote HTTP server.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { OperationSummary } from "../operation-summary.js";
import { approvalPage, messagePage, pageHeaders } from "./approval-page.js";

/** "pending": the human has not decided yet and the approval stays open (remote mode: the call is answered, a call again picks it up). */
export type ApprovalOutcome = "approved" | "denied" | "expired" | "cancelled" | "pending";

export interface ApprovalRequest {
  summary: OperationSummary;
  /** How long the human has; then the outcome is "expired". */
  timeoutMs: number;
  /** The client's cancellation of the call: the outcome is then "cancelled". */
  signal?: AbortSignal;
  /**
   * Remote mode: the signed-in admin the approval belongs to. A mount behind the admin's sign-in must serve a page
   * only to that admin (see `principalOf`).
   */
  principal?: string;
  /** Remote mode: the admin's stable id (Okta user id) the approval is bound to (default: principal). */
  subject?: string;
  /**
   * The caller's arguments. A service whose approvals outlive one call (remote mode) finds an approval again by
   * (admin, tool, these exact arguments) when the model calls again.
   */
  args?: Record<string, unknown>;
  /** Remote mode: the client's answer to the URL elicitation that showed the page; decline or cancel withdraw it. */
  clientAnswer?: "accept" | "decline" | "cancel";
  /**
   * Remote mode: whether the client cancelled this call by a message of its own (over stateless HTTP its
   * notifications/cancelled is another request, perhaps on another instance); read while the call waits.
   */
  cancelledElsewhere?: () => Promise<boolean>;
}

export interface PendingApproval {
  /** The page's URL: for the human's browser only (on loopback it carries the page's secret). */
  readonly url: string;
  readonly expiresAt: number;
  /** Settles once, with the human's decision, or expired, or cancelled, or (remote mode) still pending. */
  readonly decision: Promise<ApprovalOutcome>;
  /**
   * Remote mode: links without any secret (the page opens only in the admin's own signed-in browser session), which
   * the model may pass on: the admin's list of pending approvals, and this approval's page.
   */
  readonly links?: { id: string; page: string; list: string };
  /** Remote mode: true when this call created the approval (the human has not been told yet). */
  readonly created?: boolean;
}

/** Create a pending approval → its URL; await the decision. */
export interface ApprovalService {
  create(request: ApprovalRequest): Promise<PendingApproval>;
  close(): Promise<void>;
}

/** The pages, for whatever HTTP server serves them. */
export interface ApprovalPages {
  /** `viewer`: who is signed in, when the mount authenticates (remote mode); a page of another principal is refused. */
  handle(request: Request, viewer?: string): Promise<Response>;
}

export interface ApprovalStoreOptions {
  /** The origin pages are served at (e.g. http://127.0.0.1:43123): requests naming another host are refused. */
  origin: string;
  /** Path prefix of the pages (default "/approval/"). */
  basePath?: string;
  /** Pending approvals at once; more are refused (default 32). */
  maxPending?: number;
  now?: () => number;
}

interface Entry {
  summary: OperationSummary;
  principal?: string;
  csrf: string;
  expiresAt: number;
  outcome?: ApprovalOutcome;
  settle(outcome: ApprovalOutcome): void;
}

const SECRET = /^[A-Za-z0-9_-]{43}$/;
const MAX_FORM_BYTES = 4096;
const token = () => randomBytes(32).toString("base64url");

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class ApprovalUnavailableError extends Error {}

export function createApprovalStore(options: ApprovalStoreOptions): ApprovalService & ApprovalPages {
  const basePath = options.basePath ?? "/approval/";
  const maxPending = options.maxPending ?? 32;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  // Decided or expired pages are kept a little while, so that a reload says what happened instead of "unknown".
  const prune = () => {
    for (const [secret, entry] of entries) if (entry.outcome && entry.expiresAt + 5 * 60_000 < now()) entries.delete(secret);
  };

  function answer(status: number, title: string, text: string): Response {
    const nonce = token();
    return new Response(messagePage(title, text, nonce), { status, headers: pageHeaders(nonce) });
  }

  async function decide(request: Request, entry: Entry): Promise<Response> {
    if (entry.outcome) return answer(410, "Already decided", `This operation was already ${entry.outcome}.`);
    const origin = request.headers.get("origin");
    const site = request.headers.get("sec-fetch-site");
    if ((origin !== null && origin !== options.origin) || (site !== null && site !== "same-origin")) {
      return answer(403, "Refused", "This decision did not come from the approval page itself.");
    }
    if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return answer(415, "Refused", "Use the buttons of the approval page.");
    }
    const length = Number(request.headers.get("content-length") ?? "NaN");
    if (!Number.isSafeInteger(length) || length > MAX_FORM_BYTES) return answer(413, "Refused", "The form is too large.");
    const text = await request.text();
    if (Buffer.byteLength(text) > MAX_FORM_BYTES) return answer(413, "Refused", "The form is too large.");
    const form = new URLSearchParams(text);
    const csrf = form.get("csrf") ?? "";
    const decision = form.get("decision");
    if (!sameText(csrf, entry.csrf) || (decision !== "approve" && decision !== "deny")) {
      return answer(403, "Refused", "This decision did not come from the approval page itself.");
    }
    entry.settle(decision === "approve" ? "approved" : "denied");
    return decision === "approve"
      ? answer(200, "Approved", `${entry.summary.tool} was approved: the server sends it to Okta now. You can close this tab.`)
      : answer(200, "Denied", `${entry.summary.tool} was denied: nothing was changed. You can close this tab.`);
  }

  return {
    async create(request) {
      prune();
      const pending = [...entries.values()].filter((e) => !e.outcome).length;
      if (pending >= maxPending) throw new ApprovalUnavailableError(`${pending} approvals are already waiting for the user`);
      const secret = token();
      const expiresAt = now() + request.timeoutMs;
      let resolve!: (outcome: ApprovalOutcome) => void;
      const decision = new Promise<ApprovalOutcome>((r) => (resolve = r));
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => entry.settle("cancelled");
      const entry: Entry = {
        summary: request.summary,
        principal: request.principal,
        csrf: token(),
        expiresAt,
        settle(outcome) {
          if (entry.outcome) return;
          entry.outcome = outcome;
          clearTimeout(timer);
          request.signal?.removeEventListener("abort", onAbort);
          resolve(outcome);
        },
      };
      entries.set(secret, entry);
      timer = setTimeout(() => entry.settle("expired"), request.timeoutMs);
      timer.unref();
      if (request.signal?.aborted) entry.settle("cancelled");
      else request.signal?.addEventListener("abort", onAbort, { once: true });
      return { url: `${options.origin}${basePath}${secret}`, expiresAt, decision };
    },

    async handle(request, viewer) {
      const url = new URL(request.url);
      // A page asked for under another host name is a DNS-rebinding attempt: refuse it.
      if (url.origin !== options.origin) return answer(421, "Refused", "Wrong host.");
      const secret = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : "";
      const entry = SECRET.test(secret) ? entries.get(secret) : undefined;
      if (!entry) return answer(404, "Unknown approval", "This approval link is not valid (unknown, or expired long ago).");
      if (entry.principal !== undefined && viewer !== entry.principal) return answer(403, "Refused", "This approval belongs to another admin.");
      if (request.method === "POST") return decide(request, entry);
      if (request.method !== "GET") return answer(405, "Refused", "Open the link in a browser.");
      if (entry.outcome) return answer(410, "Already decided", `This operation was ${entry.outcome}.`);
      const nonce = token();
      return new Response(approvalPage(entry.summary, { action: url.pathname, csrf: entry.csrf, expiresAt: entry.expiresAt }, nonce), {
        status: 200,
        headers: pageHeaders(nonce),
      });
    },

    async close() {
      for (const entry of entries.values()) entry.settle("cancelled");
      entries.clear();
    },
  };
}
