// The allowlist's confirmation facts: privilege_scopes / privilege_tags and an entry's `confirm:` become
// ToolSpec.confirm (the only thing the runtime reads); every name they use is checked, and problems say how to fix them.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CodegenError, formatCodegenError } from "../../codegen/errors.js";
import type { ToolSpec } from "../../src/tool-spec.js";
import { generateQuietly, miniSpec } from "./support.js";

function allowlist(head: string, tools: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "codegen-confirm-")), "allowlist.yaml");
  writeFileSync(path, `${head}toolsets:\n  widgets:\n    tools:\n${tools}`);
  return path;
}

async function table(head: string, tools: string): Promise<Map<string, ToolSpec>> {
  const generated = await generateQuietly({ specPath: miniSpec, allowlistPath: allowlist(head, tools) });
  return new Map(generated.built.catalog.tools.map((t) => [t.name, t]));
}

async function failure(head: string, tools: string): Promise<string> {
  const error = await generateQuietly({ specPath: miniSpec, allowlistPath: allowlist(head, tools) }).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(CodegenError);
  return formatCodegenError(error);
}

const BASE = `      - listWidgets: okta.widgets.read
      - createWidget: { scopes: [okta.groups.manage, okta.widgets.manage], body: full }
      - replaceWidget: okta.widgets.manage
      - deleteWidget: { scopes: okta.widgets.manage, confirm: { undo: none } }
      - deactivateWidget: { scopes: okta.widgets.manage, confirm: { undo: replace_widget, note: "Only by replacing it." } }
`;

describe("confirmation facts from the allowlist", () => {
  it("destructive tools are confirmed with what the entry says about undoing them; plain writes are not", async () => {
    const silent = await table("", BASE.replace("deleteWidget: { scopes: okta.widgets.manage, confirm: { undo: none } }", "deleteWidget: okta.widgets.manage"));
    // Without `confirm:`, a destructive tool is still confirmed; the text then claims nothing about undoing it.
    expect(silent.get("delete_widget")!.confirm).toEqual({ reason: "destructive" });
    const tools = await table("", BASE);
    expect(tools.get("delete_widget")!.confirm).toEqual({ reason: "destructive", irreversible: true });
    expect(tools.get("deactivate_widget")!.confirm).toEqual({ reason: "destructive", undo: "replace_widget", note: "Only by replacing it." });
    expect(tools.get("replace_widget")!.confirm).toBeUndefined();
    expect(tools.get("list_widgets")!.confirm).toBeUndefined();
  });

  it("privilege_scopes and privilege_tags confirm every write under them, saying what is at stake; `when` narrows to some arguments", async () => {
    const byScope = await table("privilege_scopes:\n  okta.groups.manage: group memberships\n", BASE);
    expect(byScope.get("create_widget")!.confirm).toEqual({ reason: "privilege", concern: "group memberships" });
    expect(byScope.get("replace_widget")!.confirm).toBeUndefined();
    const byTag = await table("privilege_tags:\n  Widget: widgets\n", BASE);
    expect(byTag.get("replace_widget")!.confirm).toEqual({ reason: "privilege", concern: "widgets" });
    expect(byTag.get("list_widgets")!.confirm).toBeUndefined();
    expect(byTag.get("delete_widget")!.confirm!.reason).toBe("destructive");
    const narrowed = await table("", BASE.replace("replaceWidget: okta.widgets.manage", "replaceWidget: { scopes: okta.widgets.manage, confirm: { when: [color, name.first], concern: colours } }"));
    expect(narrowed.get("replace_widget")!.confirm).toEqual({ reason: "privilege", concern: "colours", when: ["color", "name.first"] });
  });

  it("a precondition names a read tool, mapping its required arguments by name", async () => {
    const tools = await table(
      "",
      BASE.replace(
        "deleteWidget: { scopes: okta.widgets.manage, confirm: { undo: none } }",
        "deleteWidget: { scopes: okta.widgets.manage, confirm: { undo: none, precondition: { read: list_widgets, field: status, allowed: [INACTIVE], otherwise: Deactivate it first. } } }",
      ),
    );
    expect(tools.get("delete_widget")!.confirm!.precondition).toEqual({ tool: "list_widgets", args: {}, field: "status", allowed: ["INACTIVE"], otherwise: "Deactivate it first." });
  });

  const bad: [string, string, string, RegExp][] = [
    ["undo naming no tool", "", BASE.replace("undo: replace_widget", "undo: reactivate_widget"), /confirm\.undo of deactivate_widget names "reactivate_widget", which is not a tool of this table/],
    ["undo naming a read tool", "", BASE.replace("undo: replace_widget", "undo: list_widgets"), /not a tool of this table that changes the org/],
    ["`when` on a destructive tool", "", BASE.replace("confirm: { undo: none }", "confirm: { undo: none, when: [id] }"), /delete_widget is destructive, so every call is confirmed/],
    ["`when` naming no argument", "", BASE.replace("replaceWidget: okta.widgets.manage", "replaceWidget: { scopes: okta.widgets.manage, confirm: { when: [paint] } }"), /confirm\.when of replace_widget names "paint", which does not start with an argument/],
    ["confirm on a read tool", "", BASE.replace("- listWidgets: okta.widgets.read", "- listWidgets: { scopes: okta.widgets.read, confirm: { note: x } }"), /list_widgets only reads/],
    ["a precondition reading with a write tool", "", BASE.replace("confirm: { undo: none }", "confirm: { undo: none, precondition: { read: replace_widget, field: status, allowed: [X] } }"), /reads with "replace_widget", which is not a read tool/],
    ["an unknown key", "", BASE.replace("confirm: { undo: none }", "confirm: { undo: none, reversible: true }"), /unknown key "reversible" in confirm of deleteWidget/],
    ["a precondition without allowed values", "", BASE.replace("confirm: { undo: none }", "confirm: { undo: none, precondition: { read: list_widgets, field: status } }"), /needs read \(a read tool\), field \(a dot path\) and allowed/],
    ["privilege_scopes that is not a map of texts", "privilege_scopes: [okta.roles.manage]\n", BASE, /privilege_scopes must map each scope to what it puts at stake/],
  ];
  for (const [what, head, tools, message] of bad) {
    it(`refuses ${what}, with a fix`, async () => {
      const line = await failure(head, tools);
      expect(line).toMatch(message);
      expect(line).toMatch(/allowlist\.yaml:\d+:\d+/);
    });
  }
});
