// The typed Okta client of hand-written code: openapi-fetch over the generated openapi-typescript `paths` of the
// allowlisted operations, so a playbook or report that uses a path, parameter or field the spec no longer has
// fails `tsc`. It never fetches by itself: a middleware resolves each request to its allowlisted tool and hands it
// to the operation runner (scopes, request builder, shared HTTP client, audit), then gives openapi-fetch the answer.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import type { ToolSpec } from "../tool-spec.js";
import { InvalidArgumentsError, OktaApiError, ToolNotExposedError } from "./errors.js";
import type { OktaResponse } from "./http.js";
import { oktaApiError } from "./okta-error.js";
import type { OperationRunner, RunScope } from "./operation-runner.js";

export type OktaClient = Client<paths>;

interface TypedParams {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
}

/**
 * The tool arguments of one typed call: each parameter goes to the argument the allowlisted tool has for it.
 * A parameter the tool does not take (hidden by the allowlist) is refused, never dropped.
 */
export function toolArgsOf(spec: ToolSpec, params: TypedParams, body: unknown): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const left = {
    path: new Set(Object.keys(params.path ?? {}).filter((k) => params.path![k] !== undefined)),
    query: new Set(Object.keys(params.query ?? {}).filter((k) => params.query![k] !== undefined)),
    header: new Set(Object.keys(params.header ?? {}).filter((k) => params.header![k] !== undefined)),
    body: new Set(body && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : body === undefined ? [] : ["*"]),
  };
  const bodyRecord = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  for (const arg of spec.args) {
    let value: unknown;
    if (arg.in === "body") {
      if (arg.wire === "*") {
        value = body;
        if (body !== undefined) left.body.clear();
      } else {
        value = bodyRecord[arg.wire];
        left.body.delete(arg.wire);
      }
    } else {
      value = params[arg.in]?.[arg.wire];
      left[arg.in].delete(arg.wire);
    }
    if (value !== undefined) args[arg.name] = value;
  }
  // Cursor paging arguments the runtime adds when the spec lacks them (see buildRequest).
  if (spec.pagination === "cursor") {
    for (const name of ["limit", "after"]) {
      if (left.query.delete(name)) args[name] = params.query![name];
    }
  }
  const extra = [...left.path, ...left.query, ...left.header, ...[...left.body].map((k) => `body.${k}`)];
  if (extra.length) {
    throw new InvalidArgumentsError(`${spec.name} (the allowlisted tool for ${spec.method} ${spec.path}) takes no ${extra.join(", ")}; allowlist the parameter or stop sending it.`);
  }
  return args;
}

/** The answer as openapi-fetch reads it: only the headers code may look at (paging, request id, rate limits). */
function asResponse(answer: OktaResponse): Response {
  const headers = new Headers({ "content-type": "application/json" });
  for (const name of ["link", "x-okta-request-id", "x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"]) {
    const value = answer.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const empty = answer.status === 204 || answer.body === undefined;
  return new Response(empty ? null : JSON.stringify(answer.body), { status: answer.status, headers });
}

/**
 * A typed client for one run. A non-2xx answer throws OktaApiError (with Okta's error code, summary and request
 * id), so `data` of a returned result is the success body. The org URL only shapes the Request openapi-fetch builds;
 * the runner sends to the configured org.
 */
export function createOktaClient(runner: OperationRunner, run: RunScope, orgUrl: string): OktaClient {
  const client = createClient<paths>({
    baseUrl: orgUrl,
    fetch: () => Promise.reject(new Error("the typed client sends through the operation runner only")),
    querySerializer: { array: { style: "form", explode: true }, object: { style: "deepObject", explode: true } },
  });
  client.use({
    async onRequest({ request, schemaPath, params }) {
      const spec = runner.operationFor(request.method, schemaPath);
      if (!spec) {
        throw new ToolNotExposedError(`${request.method} ${schemaPath} is not an operation of the generated tool table: add it to tools.allowlist.yaml and regenerate.`);
      }
      const text = await request.text();
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      const answer = await runner.send(spec, toolArgsOf(spec, params as TypedParams, body), run);
      if (answer.status < 200 || answer.status >= 300) throw oktaApiError(spec, answer);
      return asResponse(answer);
    },
  });
  return client;
}

/** The success body of a typed call whose answer has one (openapi-fetch types `data` as optional). */
export function must<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) {
    throw new OktaApiError(`Okta answered ${result.response.status} without a body where one was expected.`, { status: result.response.status, requestId: result.response.headers.get("x-okta-request-id") ?? undefined });
  }
  return result.data;
}
