// Turns a non-2xx Okta answer into an OktaApiError the model can act on. Only Okta's documented error
// fields are quoted (errorCode, errorSummary, errorCauses, errorId), never the raw body.
import type { ToolSpec } from "../tool-spec.js";
import { OktaApiError } from "./errors.js";
import type { OktaResponse } from "./http.js";
import { scopeGrantHint } from "./scopes.js";

interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorId?: string;
  errorCauses?: { errorSummary?: string }[];
}

function asErrorBody(body: unknown): OktaErrorBody {
  if (!body || typeof body !== "object" || Array.isArray(body)) return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 500) : undefined);
  const causes = Array.isArray(b.errorCauses)
    ? b.errorCauses.slice(0, 10).map((c) => ({ errorSummary: str((c as Record<string, unknown> | null)?.errorSummary) }))
    : undefined;
  return { errorCode: str(b.errorCode), errorSummary: str(b.errorSummary), errorId: str(b.errorId), errorCauses: causes };
}

/** The one thing the model can do next, by what Okta answered. */
function nextStepFor(status: number, spec: ToolSpec, response: OktaResponse, hasCauses: boolean): string {
  if (status === 400) {
    return hasCauses ? "Fix the fields named in the causes above and call again." : "Correct what Okta objected to above and call again; if it is about the object's state, read the object first.";
  }
  if (status === 401) return "Call get_auth_status; if the sign-in expired, ask the user to sign in again, otherwise ask the operator to check the app's credentials.";
  if (status === 403) {
    const challenge = response.headers.get("www-authenticate") ?? "";
    if (/insufficient_scope/i.test(challenge)) return `The access token lacks a scope this operation needs (${spec.scopes.join(" ") || "see the Okta docs"}). ${scopeGrantHint(spec.scopes)}`;
    const roles = spec.adminRoles?.length ? ` (roles that may call ${spec.operationId}: ${spec.adminRoles.join(", ")})` : "";
    return (
      `The credentials have the scope but probably not an admin role that allows this. Ask an Okta super admin to assign a suitable admin role${roles} ` +
      `to the service app (Admin Console → Applications → the app → Admin roles) or to the signed-in user; do not retry until then.`
    );
  }
  if (status === 404) return "Check the id: find the object with a list or search tool, then call again with its id.";
  if (status === 409) return "The object is in a conflicting state or already exists: read its current state, then decide with the user whether to call again.";
  if (status === 429) {
    const reset = Number(response.headers.get("x-rate-limit-reset"));
    const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : " a minute";
    return `Okta's rate limit for this endpoint is exhausted: wait${when} before calling it again, and use smaller pages or narrower filters.`;
  }
  if (status >= 500) return "Retry once later; if it persists, give the user the X-Okta-Request-Id above.";
  if (status >= 300 && status < 400) return "Tell the user Okta redirected the request, which this server never follows (check the org URL).";
  return "Read Okta's error above, correct the call, and try again only if something changed.";
}

export function oktaApiError(spec: ToolSpec, response: OktaResponse): OktaApiError {
  const body = asErrorBody(response.body);
  const causes = (body.errorCauses ?? []).map((c) => c.errorSummary).filter(Boolean);
  const parts = [
    `Okta answered ${response.status} to ${spec.method} ${spec.path}` + (body.errorCode ? ` (${body.errorCode})` : "") + ".",
    body.errorSummary ? `${body.errorSummary}.`.replace(/\.\.$/, ".") : "",
    causes.length ? `Causes: ${causes.join("; ")}.` : "",
    response.requestId ? `X-Okta-Request-Id: ${response.requestId}.` : "",
  ];
  return new OktaApiError(parts.filter(Boolean).join(" "), {
    status: response.status,
    errorCode: body.errorCode,
    requestId: response.requestId,
    nextStep: nextStepFor(response.status, spec, response, causes.length > 0),
  });
}
