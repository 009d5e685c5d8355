// The approval pages of the remote mode, under the public URL:
//   GET  /approvals            the signed-in admin's approvals waiting for a decision (a stable, secret-free URL)
//   GET  /approvals/<id>       one approval: the exact operation, Approve / Deny
//   POST /approvals/<id>       the decision (once)
//   POST /approvals/signout    ends the browser session
// Only a browser session established by the admin's own Okta sign-in through this server opens them (a GET without
// one starts that sign-in); the session's admin must be the approval's admin. Authorization headers are ignored:
// an MCP bearer token is what the model holds, so it never views or decides anything here. A decision must come from
// the page itself: the public origin in Origin, a same-origin fetch, a form post with the page's anti-CSRF token.
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { AuditRecord } from "../../runtime/audit.js";
import { approvalListPage, approvalPage, messagePage, pageHeaders } from "../../runtime/approval/approval-page.js";
import type { BrowserSession, BrowserSessions } from "./browser-session.js";
import type { FinalOutcome, SharedApprovals } from "./shared-approvals.js";

export interface ApprovalRoutesOptions {
  approvals: SharedApprovals;
  sessions: BrowserSessions;
  /** The public origin: the only Origin a decision may come from. */
  origin: string;
  /** Starts the admin's Okta sign-in for the browser session, then comes back to `next` (a path under /approvals). */
  startSignIn(next: string): Promise<Response>;
  /** Writes an audit record (the human's decision); says why it could not. */
  audit(record: AuditRecord): string | undefined;
}

export const APPROVALS_PATH = "/approvals";
const PAGE = /^\/approvals\/([A-Za-z0-9_-]{22})$/;
const MAX_FORM_BYTES = 4096;

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function html(status: number, render: (nonce: string) => string, extra: Record<string, string> = {}): Response {
  const nonce = randomBytes(16).toString("base64url");
  return new Response(render(nonce), { status, headers: { ...pageHeaders(nonce), ...extra } });
}

const message = (status: number, title: string, text: string, extra: Record<string, string> = {}) =>
  html(status, (nonce) => messagePage(title, text, nonce), extra);

/** True for the paths this module serves. */
export function isApprovalPath(pathname: string): boolean {
  return pathname === APPROVALS_PATH || pathname.startsWith(`${APPROVALS_PATH}/`);
}

export function createApprovalRoutes(options: ApprovalRoutesOptions) {
  const { approvals, sessions } = options;

  /** Why a form post did not come from one of these pages (undefined when it did), and its fields. */
  async function formOf(request: Request): Promise<{ problem: Response } | { form: URLSearchParams }> {
    const site = request.headers.get("sec-fetch-site");
    if (request.headers.get("origin") !== options.origin || (site !== null && site !== "same-origin")) {
      return { problem: message(403, "Refused", "This decision did not come from the approval page itself.") };
    }
    if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return { problem: message(415, "Refused", "Use the buttons of the approval page.") };
    }
    const length = Number(request.headers.get("content-length") ?? "NaN");
    if (!Number.isSafeInteger(length) || length > MAX_FORM_BYTES) return { problem: message(413, "Refused", "The form is too large.") };
    const text = await request.text();
    if (Buffer.byteLength(text) > MAX_FORM_BYTES) return { problem: message(413, "Refused", "The form is too large.") };
    return { form: new URLSearchParams(text) };
  }

  // The same answer whether the approval is another admin's or does not exist: nothing about it is shown.
  const notYours = (session: BrowserSession) =>
    message(403, "Not yours", `This approval does not belong to ${session.login} (or does not exist). To approve as another admin, sign out on ${approvals.listUrl} and sign in as them.`);

  async function list(session: BrowserSession): Promise<Response> {
    const items = (await approvals.pendingOf(session.subject)).map((r) => ({ title: r.summary.title, tool: r.tool, url: approvals.pageUrl(r.id), expiresAt: r.expiresAt }));
    return html(200, (nonce) => approvalListPage(session.login, items, { action: `${APPROVALS_PATH}/signout`, csrf: session.csrf }, nonce));
  }

  async function decide(request: Request, session: BrowserSession, id: string): Promise<Response> {
    const found = await approvals.get(id);
    if (!found || found.record.subject !== session.subject) return notYours(session);
    const checked = await formOf(request);
    if ("problem" in checked) return checked.problem;
    const { record } = found;
    const choice = checked.form.get("decision");
    if (!sameText(checked.form.get("csrf") ?? "", record.csrf) || (choice !== "approve" && choice !== "deny")) {
      return message(403, "Refused", "This decision did not come from the approval page itself.");
    }
    if (found.decision) return message(410, "Already decided", `This operation was already ${found.decision.outcome}.`);
    const wanted: FinalOutcome = choice === "approve" ? "approved" : "denied";
    const decided = await approvals.decide(id, wanted, session.login);
    if (!decided) return message(404, "Unknown approval", "This approval is not known (or expired long ago).");
    const { decision } = decided;
    if (!decided.made) return message(410, "Already decided", `This operation was already ${decision.outcome}.`);
    if (decision.outcome === "expired") return message(410, "Expired", "This approval expired before your decision; nothing was changed.");
    options.audit({
      time: new Date(decision.at).toISOString(),
      callId: randomUUID(),
      phase: "approval",
      principal: session.login,
      tool: record.tool,
      confirmation: { via: "approval-page", outcome: decision.outcome, approvalId: id },
    });
    return decision.outcome === "approved"
      ? message(200, "Approved", `${record.tool} was approved. The assistant's call runs it now if it is waiting, or when it calls again with the same arguments. You can close this tab.`)
      : message(200, "Denied", `${record.tool} was denied: nothing was changed. You can close this tab.`);
  }

  return {
    /** Serves a request for one of the approval paths (see isApprovalPath). */
    async handle(request: Request): Promise<Response> {
      const url = new URL(request.url);
      const path = url.pathname;
      const page = PAGE.exec(path);
      if (path !== APPROVALS_PATH && !page && path !== `${APPROVALS_PATH}/signout`) return message(404, "Not found", "There is no such approval page.");
      const session = await sessions.of(request.headers.get("cookie"));

      if (request.method === "GET" || request.method === "HEAD") {
        if (path === `${APPROVALS_PATH}/signout`) return message(405, "Refused", "Use the Sign out button.");
        // Signing in is the only way in: the admin's own Okta sign-in, then back here.
        if (!session) return options.startSignIn(path);
        if (!page) return list(session);
        const found = await approvals.get(page[1]);
        if (!found || found.record.subject !== session.subject) return notYours(session);
        if (found.decision) return message(410, "Already decided", `This operation was ${found.decision.outcome}.`);
        if (found.record.expiresAt <= Date.now()) return message(410, "Expired", "This approval expired; nothing was changed.");
        const { record } = found;
        return html(200, (nonce) => approvalPage(record.summary, { action: path, csrf: record.csrf, expiresAt: record.expiresAt, viewer: session.login }, nonce));
      }

      if (request.method !== "POST") return message(405, "Refused", "Open the link in a browser.");
      if (!session) return message(403, "Sign in first", `Open ${approvals.listUrl} in your browser and sign in to Okta as yourself.`);
      if (path === `${APPROVALS_PATH}/signout`) {
        const checked = await formOf(request);
        if ("problem" in checked) return checked.problem;
        if (!sameText(checked.form.get("csrf") ?? "", session.csrf)) return message(403, "Refused", "This did not come from the approvals page itself.");
        return message(200, "Signed out", "This browser is no longer signed in to the approval pages.", { "Set-Cookie": await sessions.end(request.headers.get("cookie")) });
      }
      if (!page) return message(405, "Refused", "Open an approval to decide it.");
      return decide(request, session, page[1]);
    },
  };
}
