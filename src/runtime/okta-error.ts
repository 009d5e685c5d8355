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

function hintFor(status: number, spec: ToolSpec, response: OktaResponse): string {
  if (status === 403) {
    const challenge = response.headers.get("www-authenticate") ?? "";
    if (/insufficient_scope/i.test(challenge)) {
      return `The access token lacks a scope this operation needs (${spec.scopes.join(" ") || "see the Okta docs"}). ${scopeGrantHint(spec.scopes)}`;
    }
    const roles = spec.adminRoles?.length ? ` Admin roles that may call ${spec.operationId}: ${spec.adminRoles.join(", ")}.` : "";
    return (
      `The credentials have the scope but probably not an admin role that allows this operation.${roles} ` +
      `Assign a suitable admin role to the service app (Admin Console → Applications → the app → Admin roles) or to the signed-in user.`
    );
  }
  if (status === 401) return "Okta rejected the credentials. Check the app's configuration and key, or sign in again.";
  if (status === 404) return "The resource was not found: check the id (use a list or search tool to find it).";
  if (status === 429) {
    const reset = Number(response.headers.get("x-rate-limit-reset"));
    const when = Number.isFinite(reset) && reset > 0 ? ` after ${new Date(reset * 1000).toISOString()}` : " later";
    return `Okta's rate limit for this endpoint is exhausted. Try again${when}, or page with a smaller limit.`;
  }
  if (status === 400) return "Fix the arguments named above and call again.";
  if (status >= 500) return "Okta had a server error; retry later. Quote the request id if it persists.";
  if (status >= 300 && status < 400) return "Okta answered with a redirect, which this server does not follow.";
  return "";
}

export function oktaApiError(spec: ToolSpec, response: OktaResponse): OktaApiError {
  const body = asErrorBody(response.body);
  const causes = (body.errorCauses ?? []).map((c) => c.errorSummary).filter(Boolean);
  const parts = [
    `Okta answered ${response.status} to ${spec.method} ${spec.path}` + (body.errorCode ? ` (${body.errorCode})` : "") + ".",
    body.errorSummary ? `${body.errorSummary}.`.replace(/\.\.$/, ".") : "",
    causes.length ? `Causes: ${causes.join("; ")}.` : "",
    hintFor(response.status, spec, response),
    response.requestId ? `X-Okta-Request-Id: ${response.requestId}.` : "",
  ];
  return new OktaApiError(parts.filter(Boolean).join(" "), {
    status: response.status,
    errorCode: body.errorCode,
    requestId: response.requestId,
  });
}
