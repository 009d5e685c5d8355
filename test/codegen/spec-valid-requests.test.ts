// No schema-valid call makes an invalid request. For every tool of both committed tables: the smallest arguments
// its validator accepts (one call per subtype of a discriminated body; for merge updates both the merge and the
// replace=true form) go through the runtime's own buildRequest and update-merge, and the resulting request (path,
// query, headers, body) is checked against the spec's parameter and request-body schemas (test/codegen/spec-request.ts,
// an independent reading of the spec). The figures (tools passing per table, subtypes per discriminated body) are
// written to __snapshots__/spec-valid-requests.md.
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { catalog as defaultCatalog } from "../../src/generated/catalog.js";
import { validatorSchemas as defaultSchemas } from "../../src/generated/validator-schemas.js";
import { validators as defaultValidators } from "../../src/generated/validators.js";
import { catalog as allCatalog } from "../../src/generated-all/catalog.js";
import { validatorSchemas as allSchemas } from "../../src/generated-all/validator-schemas.js";
import { validators as allValidators } from "../../src/generated-all/validators.js";
import type { OktaHttp } from "../../src/runtime/http.js";
import { buildRequest, type OktaRequest } from "../../src/runtime/request-builder.js";
import { prepareUpdate } from "../../src/runtime/update-merge.js";
import { replaceValidatorKey, type JsonSchema, type ToolCatalog, type ToolSpec } from "../../src/tool-spec.js";
import { loadSpec, type LoadedSpec } from "../../codegen/load.js";
import { minimalCalls } from "./minimal-call.js";
import { specRequestChecker, type SpecRequestChecker } from "./spec-request.js";
import { hasPinnedSpec, pinnedSpec } from "./support.js";

type Obj = Record<string, unknown>;

interface Table {
  label: string;
  catalog: ToolCatalog;
  validators: Record<string, () => z.ZodType>;
  schemas: Record<string, JsonSchema>;
}

const tables: Table[] = [
  { label: "curated (src/generated)", catalog: defaultCatalog, validators: defaultValidators as never, schemas: defaultSchemas },
  { label: "all operations (src/generated-all)", catalog: allCatalog, validators: allValidators as never, schemas: allSchemas },
];

function issuesOf(table: Table, key: string, args: Obj): string | undefined {
  const factory = table.validators[key];
  if (!factory) return `no validator ${key}`;
  const parsed = factory().safeParse(args);
  return parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

/** An OktaHttp that answers every read with `current` (and an ETag), and records what would be written. */
function readingHttp(current: unknown): OktaHttp {
  return {
    urlOf: (path) => `https://example.okta.com${path}`,
    async send(request) {
      if (request.method !== "GET") throw new Error(`unexpected ${request.method}`);
      return { status: 200, headers: new Headers({ etag: 'W/"1"' }), body: current, attempts: 1, bytes: JSON.stringify(current).length };
    },
  };
}

interface ToolOutcome {
  tool: string;
  /** Calls tried (subtypes × forms). */
  calls: number;
  problems: string[];
}

async function checkTool(table: Table, tool: ToolSpec, checker: SpecRequestChecker): Promise<ToolOutcome> {
  const outcome: ToolOutcome = { tool: tool.name, calls: 0, problems: [] };
  const validate = async (key: string, args: Obj) => {
    const issues = issuesOf(table, key, args);
    if (issues) throw new Error(issues);
  };
  const send = (label: string, request: OktaRequest) => {
    for (const problem of checker.check(tool.operationId, request)) outcome.problems.push(`${label}: ${problem}`);
  };
  const wholeKey = tool.update ? replaceValidatorKey(tool.name) : tool.name;
  const wholeSchema = table.schemas[wholeKey] ?? (tool.inputSchema as unknown as JsonSchema);
  for (const call of minimalCalls(wholeSchema)) {
    outcome.calls++;
    const args = tool.update ? { ...call, [tool.update.replaceArg]: true } : call;
    const label = tool.bodyVariants ? `${tool.bodyVariants.arg}=${String(call[tool.bodyVariants.arg])}` : "minimal call";
    const invalid = issuesOf(table, tool.name, args) ?? (tool.update ? issuesOf(table, wholeKey, args) : undefined);
    if (invalid) {
      outcome.problems.push(`${label}: no schema-valid minimal call (${invalid})`);
      continue;
    }
    const request = buildRequest(tool, args);
    if (!tool.update) {
      send(label, request);
      continue;
    }
    const whole = await prepareUpdate(tool, request, args, { http: readingHttp({}), validate, granted: tool.update.readScopes });
    if (whole.kind !== "send") throw new Error(`${tool.name}: replace=true did not send`);
    send(`${label}, replace=true`, whole.request);

    // The merge form: the object as Okta would answer it (the whole-object body plus server-owned fields), and a
    // call changing one of its fields. What is sent must still be a valid whole object.
    outcome.calls++;
    const current = { ...(whole.request.body as Obj), id: "00x1", created: "2024-01-01T00:00:00.000Z", lastUpdated: "2024-01-01T00:00:00.000Z", _links: { self: { href: "x" } } };
    const pathArgs = Object.fromEntries(tool.args.filter((a) => a.in === "path").map((a) => [a.name, call[a.name]]));
    const field = tool.args.find((a) => a.in === "body" && typeof call[a.name] === "string" && a.name !== tool.bodyVariants?.arg);
    const change = field ? { [field.name]: `${String(call[field.name])}` } : {};
    const mergeArgs = { ...pathArgs, ...change };
    const mergeInvalid = issuesOf(table, tool.name, mergeArgs);
    if (mergeInvalid) {
      outcome.problems.push(`${label}, merge: arguments refused (${mergeInvalid})`);
      continue;
    }
    const merged = await prepareUpdate(tool, buildRequest(tool, mergeArgs), mergeArgs, { http: readingHttp(current), validate, granted: tool.update.readScopes });
    if (merged.kind === "send") send(`${label}, merge`, merged.request);
    else {
      // Nothing changed: nothing is sent, but the object read back would have been a valid body.
      const request = { ...buildRequest(tool, mergeArgs), body: stripServerFields(current), contentType: tool.bodyContentType };
      send(`${label}, merge (unchanged)`, request);
    }
  }
  return outcome;
}

function stripServerFields(current: Obj): Obj {
  const { id: _i, created: _c, lastUpdated: _l, _links: _k, ...rest } = current;
  return rest;
}

describe.skipIf(!hasPinnedSpec)("every tool's minimal schema-valid call sends a request the spec accepts", () => {
  let spec: LoadedSpec;
  let checker: SpecRequestChecker;
  const results = new Map<string, ToolOutcome[]>();

  beforeAll(() => {
    spec = loadSpec(pinnedSpec);
    checker = specRequestChecker(spec.doc);
  });

  it("the reference refuses what the spec refuses (so the sweep below can fail)", () => {
    const post = (body: unknown): OktaRequest => ({ method: "POST", path: "/api/v1/policies", query: {}, headers: {}, body, contentType: "application/json" });
    expect(checker.check("createPolicy", post({ name: "p", type: "PASSWORD" }))).toEqual([]);
    // The subtype the discriminator names is checked, not only the base.
    expect(checker.check("createPolicy", post({ name: "p", type: "PASSWORD", settings: { password: { complexity: { minLength: "12" } } } })).join()).toMatch(/minLength must be integer/);
    expect(checker.check("createPolicy", post({ type: "PASSWORD" })).join()).toMatch(/required property 'name'/);
    expect(checker.check("createPolicy", post(undefined))).toEqual(["the request body is required"]);
    // A read-only field is not sent back; a parameter outside the spec is refused.
    const put = (body: unknown): OktaRequest => ({ method: "PUT", path: "/api/v1/apps/0oa1", query: {}, headers: {}, body, contentType: "application/json" });
    const bookmark = { label: "Status", signOnMode: "BOOKMARK", name: "bookmark", settings: { app: { url: "https://status.example.com" } } };
    expect(checker.check("replaceApplication", put(bookmark))).toEqual([]);
    expect(checker.check("replaceApplication", put({ ...bookmark, id: "0oa1" })).join()).toMatch(/\/id boolean schema is false/);
    expect(checker.check("listUsers", { method: "GET", path: "/api/v1/users", query: { nope: 1 }, headers: {} })).toEqual(["query parameter nope is not in the spec"]);
  });

  for (const table of tables) {
    it(`${table.label}: all ${table.catalog.tools.length} tools`, async () => {
      const outcomes: ToolOutcome[] = [];
      for (const tool of table.catalog.tools) outcomes.push(await checkTool(table, tool, checker));
      results.set(table.label, outcomes);
      const failing = outcomes.filter((o) => o.problems.length).map((o) => `${o.tool}: ${o.problems.slice(0, 3).join(" | ")}`);
      expect(failing).toEqual([]);
      // Every discriminated body was tried once per subtype.
      for (const tool of table.catalog.tools.filter((t) => t.bodyVariants)) {
        const tried = outcomes.find((o) => o.tool === tool.name)?.calls ?? 0;
        const groups = new Set(Object.values(tool.bodyVariants!.values)).size;
        expect(tried, tool.name).toBeGreaterThanOrEqual(groups);
      }
    }, 600_000);
  }

  it("figures: tools passing per table, subtypes per discriminated body", async () => {
    const lines = ["# Spec-valid requests (generated by test/codegen/spec-valid-requests.test.ts)", ""];
    lines.push("| table | tools | minimal calls tried | tools whose requests the spec accepts |", "|---|---|---|---|");
    for (const table of tables) {
      const outcomes = results.get(table.label) ?? [];
      const calls = outcomes.reduce((n, o) => n + o.calls, 0);
      lines.push(`| ${table.label} | ${table.catalog.tools.length} | ${calls} | ${outcomes.filter((o) => !o.problems.length).length} |`);
    }
    lines.push("", "## Discriminated request bodies", "", "| body schema | discriminator | subtypes (schemas) | values | tools |", "|---|---|---|---|---|");
    const bodies = new Map<string, { arg: string; values: Record<string, string>; tools: string[] }>();
    for (const table of tables) {
      for (const tool of table.catalog.tools.filter((t) => t.bodyVariants)) {
        // An inline body (no component) is named after its operation.
        const body = tool.requestSchema ?? `(inline body of ${tool.operationId})`;
        const entry = bodies.get(body) ?? { arg: tool.bodyVariants!.arg, values: tool.bodyVariants!.values, tools: [] };
        if (!entry.tools.includes(tool.name)) entry.tools.push(tool.name);
        bodies.set(body, entry);
      }
    }
    for (const [body, entry] of [...bodies.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const subtypes = new Set(Object.values(entry.values).filter((name) => name !== body)).size;
      lines.push(`| ${body} | ${entry.arg} | ${subtypes} | ${Object.keys(entry.values).length} | ${entry.tools.sort().join(", ")} |`);
    }
    lines.push("", "## Where the reference reads the spec leniently (see test/codegen/spec-request.ts)", "");
    lines.push(`- Requests valid only with overlapping oneOf members read as anyOf: ${[...checker.oneOfOverlaps].sort().join(", ") || "none"}`);
    lines.push(`- Required names without a property (ignored): ${[...checker.requiredWithoutProperty].sort().join("; ") || "none"}`);
    lines.push(`- Spec patterns JavaScript cannot compile (left unchecked): ${checker.droppedPatterns}`, "");
    await expect(lines.join("\n")).toMatchFileSnapshot("__snapshots__/spec-valid-requests.md");
  });
});
