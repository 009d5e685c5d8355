// The playbook prompts name real tools of tools.allowlist.yaml, mark destructive steps, and reject bad arguments.
import { describe, expect, it } from "vitest";
import { OktaMcpError } from "../../src/runtime/errors.js";
import { prompts, renderPrompt } from "../../src/runtime/prompts.js";
import { PLAYBOOKS } from "../../src/playbooks/index.js";
import { REPORTS } from "../../src/reports/index.js";
import { workflowTools } from "../../src/workflows.js";
import { loadAllowlist } from "../allowlist/load-allowlist.js";

// The hand-written tools (playbooks, reports) are tools too; they change the org only after their own confirmation.
const tools = new Map<string | undefined, { effect?: string }>([
  ...loadAllowlist().entries.map((e) => [e.name, e] as const),
  ...workflowTools.map((t) => [t.name, { effect: t.effect }] as const),
]);
const now = new Date("2026-06-10T12:00:00.000Z");

/** Arguments that satisfy every prompt. */
const sample: Record<string, string> = { user: "jane.doe@example.com", app: "Salesforce" };
const requiredArgs = (name: string) =>
  Object.fromEntries(prompts.find((p) => p.name === name)!.arguments.filter((a) => a.required).map((a) => [a.name, sample[a.name]]));

const textOf = (name: string, args: Record<string, string | undefined>) => renderPrompt(name, args, now).messages[0].content.text;

function expectInvalid(run: () => unknown, message: RegExp) {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(OktaMcpError);
  expect((caught as OktaMcpError).code).toBe("ERR_INVALID_ARGUMENTS");
  expect((caught as Error).message).toMatch(message);
}

describe("prompts", () => {
  it("offers the five security playbooks, each with a title, description and described arguments", () => {
    expect(prompts.map((p) => p.name).sort()).toEqual(
      ["contain_compromised_account", "investigate_failed_signins", "offboard_user", "review_admin_roles", "review_app_assignments"].sort(),
    );
    for (const p of prompts) {
      expect(p.title.length).toBeGreaterThan(5);
      expect(p.description.length).toBeGreaterThan(20);
      for (const a of p.arguments) expect(a.description.length).toBeGreaterThan(5);
    }
  });

  describe.each(prompts.map((p) => p.name))("%s", (name) => {
    const rendered = renderPrompt(name, requiredArgs(name), now);
    const text = rendered.messages[0].content.text;

    it("renders one user message with numbered steps", () => {
      expect(rendered.description).toBe(prompts.find((p) => p.name === name)!.description);
      expect(rendered.messages).toHaveLength(1);
      expect(rendered.messages[0].role).toBe("user");
      expect(text).toMatch(/^1\. /m);
      for (const value of Object.values(requiredArgs(name))) expect(text).toContain(value);
    });

    it("names only tools of tools.allowlist.yaml", () => {
      const quoted = [...text.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]);
      expect(quoted.length).toBeGreaterThan(2);
      expect(quoted.filter((t) => !tools.has(t))).toEqual([]);
      // Unquoted snake_case words must be tools too (argument names are camelCase in Okta's API).
      const argNames = new Set([...prompts.flatMap((p) => p.arguments.map((a) => a.name)), ...PLAYBOOKS.map((p) => p.name), ...REPORTS.map((r) => r.name)]);
      const words = [...text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)].map((m) => m[0]);
      expect(words.filter((w) => !tools.has(w) && !argNames.has(w))).toEqual([]);
    });

    it("marks every step that calls a destructive tool for confirmation", () => {
      const steps = text.split("\n").filter((line) => /^\d+\. /.test(line));
      for (const step of steps) {
        // run_playbook changes the org only with execute: true; without it, it returns the plan.
        const changes = (tool: string) => tools.get(tool)?.effect === "destructive" && (tool !== "run_playbook" || step.includes("execute: true"));
        const destructive = [...step.matchAll(/`([a-z0-9_]+)`/g)].some((m) => changes(m[1]));
        if (destructive) expect(step, step).toMatch(/^\d+\. \[CONFIRM\] /);
      }
      if (text.includes("[CONFIRM]")) expect(text).toMatch(/wait for my explicit yes/);
    });

    it("rejects missing required arguments", () => {
      for (const arg of prompts.find((p) => p.name === name)!.arguments.filter((a) => a.required)) {
        expectInvalid(() => renderPrompt(name, { ...requiredArgs(name), [arg.name]: undefined }, now), new RegExp(`"${arg.name}"`));
        expectInvalid(() => renderPrompt(name, { ...requiredArgs(name), [arg.name]: "   " }, now), new RegExp(`"${arg.name}"`));
      }
    });
  });

  it("containment and offboarding go through the server's playbook: plan first, then one confirmed run", () => {
    for (const name of ["contain_compromised_account", "offboard_user"]) {
      const text = textOf(name, { user: "jane.doe@example.com" });
      expect(text).toContain(`\`run_playbook\` (playbook: "${name}", user: "jane.doe@example.com"), without execute`);
      expect(text).toMatch(/\[CONFIRM\] The same `run_playbook` call with execute: true/);
      expect(text.indexOf("without execute")).toBeLessThan(text.indexOf("execute: true"));
    }
    const contain = textOf("contain_compromised_account", { user: "u" });
    expect(contain.indexOf("execute: true")).toBeLessThan(contain.indexOf("`get_logs`"));
  });

  it("turns hours or since into the log window", () => {
    expect(textOf("investigate_failed_signins", { hours: "6" })).toContain("since: 2026-06-10T06:00:00.000Z");
    expect(textOf("investigate_failed_signins", {})).toContain("since: 2026-06-09T12:00:00.000Z");
    expect(textOf("contain_compromised_account", { user: "u" })).toContain("since: 2026-06-07T12:00:00.000Z");
    expect(textOf("investigate_failed_signins", { since: "2026-06-01T00:00:00Z", hours: "6" })).toContain("since: 2026-06-01T00:00:00.000Z");
    expect(textOf("investigate_failed_signins", { user: "bob@example.com" })).toContain('q: "bob@example.com"');
  });

  it("rejects unknown prompts, unknown arguments and malformed times", () => {
    expectInvalid(() => renderPrompt("contain_account", {}), /Unknown prompt "contain_account".*contain_compromised_account/);
    expectInvalid(() => renderPrompt("offboard_user", { user: "a", hours: "3" }), /no argument "hours"/);
    expectInvalid(() => renderPrompt("investigate_failed_signins", { hours: "0" }), /"hours"/);
    expectInvalid(() => renderPrompt("investigate_failed_signins", { hours: "99999" }), /"hours"/);
    expectInvalid(() => renderPrompt("investigate_failed_signins", { since: "yesterday" }), /"since"/);
    expectInvalid(() => renderPrompt("review_admin_roles", { stale_days: "-3" }), /"stale_days"/);
  });
});
