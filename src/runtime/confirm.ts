// The confirmation checkpoint: a human confirms the calls the allowlist says need it (ToolSpec.confirm), through the
// first channel the model cannot answer for itself:
//   1. elicitation, when the client supports it (the client asks the human);
//   2. otherwise a one-time approval page opened in the human's browser (approval/), the call waiting for the click;
//      in remote mode the page is served under the public URL to the signed-in admin's browser session only, and a
//      call that has no decision yet is answered "pending" (the model tells the user where; a call again picks it up);
//   3. the single-use token handed to the model only when the operator opted in (--confirm-with-token), for clients
//      that already ask the human before every tool call.
// --no-confirm turns the checkpoint off. Nothing here decides *whether* to confirm beyond reading ToolSpec.confirm.
import type { ElicitRequestFormParams, ElicitResult } from "@modelcontextprotocol/server";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { ToolSpec } from "../tool-spec.js";
import type { ApprovalOutcome, ApprovalService } from "./approval/approval-store.js";
import type { ConfirmationChannel } from "./audit.js";
import { ApprovalPendingError, ConfirmationDeclinedError, ConfirmationRequiredError, type OktaMcpError } from "./errors.js";
import type { Logger } from "./logger.js";
import { summaryText, type OperationSummary } from "./operation-summary.js";

/** JSON with sorted keys, so the same arguments always give the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** True when a call with these (merged) arguments needs a human: the tool has `confirm`, and `when` (if any) matches. */
export function needsConfirmation(spec: ToolSpec, args: Record<string, unknown>): boolean {
  const confirm = spec.confirm;
  if (!confirm) return false;
  if (!confirm.when) return true;
  return confirm.when.some((path) => {
    let current: unknown = args;
    for (const segment of path.split(".")) {
      if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, segment)) return false;
      current = (current as Record<string, unknown>)[segment];
    }
    return current !== undefined;
  });
}

export interface ConfirmationTokens {
  /** `subject` (remote mode: the admin) binds the token to one caller: no one else can redeem it. */
  issue(tool: string, args: Record<string, unknown>, subject?: string): string | Promise<string>;
  /** True exactly once for a token issued for this tool, these arguments and this subject, before it expires. */
  redeem(tool: string, args: Record<string, unknown>, token: string, subject?: string): boolean | Promise<boolean>;
}

export interface TokenOptions {
  ttlMs?: number;
  /** Outstanding tokens kept; the oldest is forgotten (and so refused) beyond this. */
  maxOutstanding?: number;
  now?: () => number;
}

// nonce (16 base64url chars) . expiry (ms, decimal, no sign, no leading zero) . HMAC-SHA256 (43 base64url chars)
const TOKEN = /^([A-Za-z0-9_-]{16})\.([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{43})$/;

/**
 * A token's parts, or undefined unless it has exactly the shape issue() makes: no "e0", "0x", "+", leading zeros or
 * spaces in the expiry, nothing before or after. Shared by the in-process and the shared-store tokens.
 */
export function parseConfirmationToken(token: string): { nonce: string; expiry: number; signature: string } | undefined {
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  const expiry = Number(match[2]);
  return Number.isSafeInteger(expiry) ? { nonce: match[1], expiry, signature: match[3] } : undefined;
}

/** The in-process tokens answer at once (a shared store, in remote mode, answers asynchronously). */
export interface LocalConfirmationTokens extends ConfirmationTokens {
  issue(tool: string, args: Record<string, unknown>, subject?: string): string;
  redeem(tool: string, args: Record<string, unknown>, token: string, subject?: string): boolean;
}

export function createConfirmationTokens(options: TokenOptions = {}): LocalConfirmationTokens {
  const secret = randomBytes(32);
  const ttl = options.ttlMs ?? 5 * 60_000;
  const max = options.maxOutstanding ?? 1000;
  const now = options.now ?? Date.now;
  // nonce → expiry. A token is valid only while its nonce is here; redeeming deletes it (single use).
  const outstanding = new Map<string, number>();
  const mac = (tool: string, args: Record<string, unknown>, nonce: string, expiry: number, subject = "") =>
    createHmac("sha256", secret).update(`${subject}\n${tool}\n${canonicalJson(args)}\n${nonce}\n${expiry}`).digest("base64url");
  const prune = () => {
    const t = now();
    for (const [nonce, expiry] of outstanding) if (expiry <= t) outstanding.delete(nonce);
    while (outstanding.size >= max) outstanding.delete(outstanding.keys().next().value as string);
  };
  return {
    issue(tool, args, subject) {
      prune();
      const nonce = randomBytes(12).toString("base64url");
      const expiry = now() + ttl;
      outstanding.set(nonce, expiry);
      return `${nonce}.${expiry}.${mac(tool, args, nonce, expiry, subject)}`;
    },
    redeem(tool, args, token, subject) {
      const parsed = parseConfirmationToken(token);
      if (!parsed) return false;
      const { nonce, expiry, signature } = parsed;
      if (expiry <= now()) return false;
      if (outstanding.get(nonce) !== expiry) return false;
      const expected = Buffer.from(mac(tool, args, nonce, expiry, subject));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
      outstanding.delete(nonce);
      return true;
    },
  };
}

/** Form elicitation, in the MCP SDK's own types. */
export type ElicitParams = ElicitRequestFormParams;
export type ElicitOutcome = ElicitResult;

export interface ConfirmSettings {
  /** The operator opted in to the model-carried token (--confirm-with-token) instead of the approval page. */
  tokenFallback: boolean;
  /** How long the approval page waits for the human. */
  approvalTimeoutMs: number;
}

export interface ConfirmDeps {
  tokens: ConfirmationTokens;
  approvals?: ApprovalService;
  log: Logger;
  settings: ConfirmSettings;
}

export interface ConfirmCallContext {
  signal?: AbortSignal;
  elicit?: (params: ElicitParams) => Promise<ElicitOutcome>;
  progress?: (progress: number, total: number | undefined, message: string) => Promise<void>;
  /** How the model calls the tool again (token path only). */
  again: string;
  /** Remote mode: the admin calling; a token is bound to them, an approval shown to them only. */
  principal?: string;
  /** Remote mode: the admin's stable id (Okta user id), which approvals are bound to. */
  subject?: string;
  /** Remote mode: the client's answer to the URL elicitation that showed the approval page. */
  approvalAnswer?: "accept" | "decline" | "cancel";
  /** Remote mode: whether the client cancelled this call through another request. */
  cancelledElsewhere?: () => Promise<boolean>;
}

export type ConfirmResult =
  | { approved: true; via: ConfirmationChannel; approvalId?: string }
  | {
      approved: false;
      via: ConfirmationChannel;
      outcome: "denied" | "expired" | "cancelled" | "failed" | "refused" | "pending";
      error: OktaMcpError;
      approvalId?: string;
    };

const declined = (via: ConfirmationChannel, outcome: "denied" | "expired" | "cancelled" | "failed", message: string): ConfirmResult => ({
  approved: false,
  via,
  outcome,
  error: new ConfirmationDeclinedError(message),
});

export async function confirmCall(
  deps: ConfirmDeps,
  summary: OperationSummary,
  callerArgs: Record<string, unknown>,
  token: string | undefined,
  ctx: ConfirmCallContext,
): Promise<ConfirmResult> {
  const tool = summary.tool;
  if (ctx.elicit) {
    let outcome: ElicitOutcome | undefined;
    try {
      outcome = await ctx.elicit({
        mode: "form",
        message: summaryText(summary),
        requestedSchema: {
          type: "object",
          properties: { confirm: { type: "boolean", title: "Run this operation", description: "Check to run it; anything else cancels.", default: false } },
          required: ["confirm"],
        },
      });
    } catch (err) {
      return declined("elicitation", "failed", `Could not ask the user to confirm (${(err as Error).message}); nothing was changed.`);
    }
    // Anything but an explicit accept with confirm: true (a malformed answer included) is a no.
    if (!outcome || typeof outcome !== "object" || outcome.action !== "accept" || outcome.content?.confirm !== true) {
      const action = typeof outcome?.action === "string" ? outcome.action : "no answer";
      return declined("elicitation", "denied", `The user did not confirm ${tool} (${action}); nothing was changed. Do not retry unless the user asks.`);
    }
    return { approved: true, via: "elicitation" };
  }

  if (deps.settings.tokenFallback) {
    if (token !== undefined) {
      if (await deps.tokens.redeem(tool, callerArgs, token, ctx.principal)) return { approved: true, via: "token" };
      return {
        approved: false,
        via: "token",
        outcome: "refused",
        error: new ConfirmationRequiredError(
          `The confirmation token is not valid for ${tool} with these exact arguments (expired, already used, or issued for other arguments). ` +
            `Nothing was changed. To get a new one, ${ctx.again} but without confirmationToken, and use it only after the user confirms.`,
        ),
      };
    }
    const issued = await deps.tokens.issue(tool, callerArgs, ctx.principal);
    return {
      approved: false,
      via: "token",
      outcome: "refused",
      error: new ConfirmationRequiredError(
        `${summaryText(summary)}\nThis client cannot ask the user directly, so nothing was changed. Show the user exactly this operation and ask for explicit confirmation. ` +
          `Only if the user confirms, ${ctx.again} plus confirmationToken="${issued}" (single use, expires in 5 minutes).`,
        issued,
      ),
    };
  }

  if (!deps.approvals) return declined("approval-page", "failed", `No way to ask the user to confirm ${tool} is available; nothing was changed.`);
  let pending;
  try {
    pending = await deps.approvals.create({
      summary,
      timeoutMs: deps.settings.approvalTimeoutMs,
      signal: ctx.signal,
      principal: ctx.principal,
      subject: ctx.subject,
      args: callerArgs,
      clientAnswer: ctx.approvalAnswer,
      cancelledElsewhere: ctx.cancelledElsewhere,
    });
  } catch (err) {
    deps.log.error(`could not open an approval page for ${tool}: ${(err as Error).message}`);
    return declined("approval-page", "failed", `Could not open an approval page for the user (${(err as Error).message}); nothing was changed.`);
  }
  const links = pending.links;
  const outcome = await waitWithProgress(pending.decision, deps.settings.approvalTimeoutMs, ctx.progress, links?.list);
  const approvalId = links?.id;
  if (outcome === "approved") return { approved: true, via: "approval-page", approvalId };
  const seconds = Math.round(deps.settings.approvalTimeoutMs / 1000);
  if (outcome === "pending" && links) {
    const until = new Date(pending.expiresAt).toISOString();
    const message = pending.created
      ? `${summaryText(summary)}\nNothing was changed yet. A human must approve this in a browser: ask the user to open ${links.list} ` +
        `(signed in to Okta as themselves), check this exact operation and click Approve or Deny before ${until}. ` +
        `Then ${ctx.again}: that call waits for the decision and runs the operation only if the user approved. You cannot approve it yourself.`
      : `The user has not approved or denied ${tool} yet at ${links.list} (the approval expires at ${until}); nothing was changed. ` +
        `To keep waiting, ${ctx.again}; or ask the user.`;
    return {
      approved: false,
      via: "approval-page",
      outcome: "pending",
      approvalId,
      error: new ApprovalPendingError(message, { url: links.page, approvalsUrl: links.list, expiresAt: until }),
    };
  }
  const messages: Record<Exclude<ApprovalOutcome, "approved">, string> = {
    denied: `The user denied ${tool} on the approval page; nothing was changed. Do not retry unless the user asks.`,
    expired: `Nobody approved ${tool} within ${seconds} s on the approval page; nothing was changed. Ask the user whether to try again.`,
    cancelled: `The call was cancelled while ${tool} waited for the user's approval; nothing was changed.`,
    pending: `Nobody approved ${tool} on the approval page; nothing was changed.`,
  };
  // "pending" without links (a service that cannot keep an approval open) is an approval nobody gave.
  const final = outcome === "pending" ? "expired" : outcome;
  return { approved: false, via: "approval-page", outcome: final, approvalId, error: new ConfirmationDeclinedError(messages[outcome]) };
}

/**
 * Waits for the decision; a client that asked for progress hears every 10 s that the call waits for a human (and,
 * in remote mode, where: the secret-free list of the admin's approvals).
 */
async function waitWithProgress(
  decision: Promise<ApprovalOutcome>,
  timeoutMs: number,
  progress: ConfirmCallContext["progress"],
  where: string | undefined,
): Promise<ApprovalOutcome> {
  if (!progress) return decision;
  const started = Date.now();
  const message = where ? `Waiting for the user to approve or deny at ${where}` : "Waiting for the user to approve or deny in the browser";
  const timer = setInterval(() => {
    const waited = Math.round((Date.now() - started) / 1000);
    void progress(waited, Math.round(timeoutMs / 1000), message).catch(() => {});
  }, 10_000);
  try {
    return await decision;
  } finally {
    clearInterval(timer);
  }
}
