// Remote mode, protocol revision 2026-07-28: a call answered "approval pending" becomes a multi-round-trip
// `input_required` result whose URL-mode elicitation has the client open the approval page in the user's browser
// (after the user consents); the client then retries the call, which waits for the decision. The page URL carries no
// secret (it opens only in the admin's own signed-in browser session), and the client's "accept" only means the page
// was opened: the decision is made on the page. A "decline" or "cancel" withdraws the approval.
//
// `requestState` only remembers that the page was shown (so a retry that comes back still undecided does not ask to
// open it again). It decides nothing: the call finds its approval by (admin, tool, exact arguments, operation), and a tampered
// state can at most show the page once more.
import { type InputRequiredResult, inputRequired, inputResponse } from "@modelcontextprotocol/server";
import type { ToolResult } from "../execute-tool.js";

const KEY = "approval";

/** The client's answer to the approval page's URL elicitation, on a retried call. */
export function approvalAnswerOf(inputResponses: Record<string, unknown> | undefined): "accept" | "decline" | "cancel" | undefined {
  const view = inputResponse(inputResponses, KEY);
  return view.kind === "elicit" ? view.action : undefined;
}

/** The input_required answer for a call whose approval is pending, or undefined when the result is anything else. */
export function approvalInputRequired(result: ToolResult, requestState: unknown): InputRequiredResult | undefined {
  const error = (result.structuredContent as { error?: { code?: unknown; approval?: { url?: unknown } } } | undefined)?.error;
  const url = error?.code === "ERR_APPROVAL_PENDING" ? error.approval?.url : undefined;
  if (typeof url !== "string") return undefined;
  const state = `shown ${url}`;
  // Already shown: come back for the decision (a state-only round; the client retries at once and the call waits).
  if (requestState === state) return inputRequired({ requestState: state });
  return inputRequired({
    inputRequests: {
      [KEY]: inputRequired.elicitUrl({
        message: "An AI assistant asks to make a change in your Okta org that needs your approval. Open the page (sign in to Okta as yourself if asked), check the exact operation, and approve or deny it there.",
        url,
      }),
    },
    requestState: state,
  });
}
