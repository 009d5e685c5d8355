// spec:diff on the mini spec and a hand-made next release of it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { expect, it } from "vitest";
import { diffSpecs, formatDiff } from "../../codegen/diff.js";
import { miniAllowlist, miniSpec, repoRoot } from "./support.js";

function nextRelease(): string {
  const doc = parse(readFileSync(miniSpec, "utf8"));
  doc.info.version = "2099.02.0";
  const widgets = doc.paths["/api/v1/widgets"];
  widgets.get.parameters.push({ name: "realm", in: "query", required: true, schema: { type: "string" } });
  widgets.post.security = [{ oauth2: ["okta.widgets.manage"] }];
  const byId = doc.paths["/api/v1/widgets/{id}"];
  byId.put.operationId = "updateWidget";
  delete byId.delete;
  delete doc.components.schemas.Widget.properties.note;
  doc.paths["/api/v1/widgets/{id}/lifecycle/deactivate"].post["x-okta-lifecycle"] = { lifecycle: "LIMITED_GA" };
  const path = join(mkdtempSync(join(tmpdir(), "codegen-diff-")), "next.yaml");
  writeFileSync(path, stringify(doc));
  return path;
}

it("finds removed and renamed operations, new required parameters, scope and schema changes", () => {
  const report = diffSpecs({ repoRoot, oldSpec: miniSpec, newSpec: nextRelease(), allowlistPath: miniAllowlist });
  const lines = report.changes.map((c) => `${c.breaking ? "!" : "-"} ${c.tool}: ${c.detail}`);
  expect(lines).toEqual(
    expect.arrayContaining([
      "! list_widgets: new required query argument realm",
      "! list_red_widgets: new required query argument realm",
      "! create_widget: scopes okta.widgets.manage AND okta.groups.manage → okta.widgets.manage (update the allowlist)",
      "! create_widget: argument note removed",
      "! create_widget: request body Widget: properties removed note",
      "! replace_widget: operation renamed to updateWidget (same PUT /api/v1/widgets/{id})",
      "! delete_widget: operation removed (DELETE /api/v1/widgets/{id})",
      "- deactivate_widget: lifecycle - → LIMITED_GA",
    ]),
  );
  expect(report.breaking).toBe(true);
  expect(formatDiff(report)).toMatch(/^spec:diff 2099\.01\.0 → 2099\.02\.0 for 14 allowlisted tools\n/);
});

it("the same spec on both sides has no changes", () => {
  const report = diffSpecs({ repoRoot, oldSpec: miniSpec, newSpec: miniSpec, allowlistPath: miniAllowlist });
  expect(report.changes).toEqual([]);
  expect(report.breaking).toBe(false);
  expect(formatDiff(report)).toBe("spec:diff 2099.01.0 → 2099.01.0 for 16 allowlisted tools\n  no changes for the allowlisted tools\nno breaking changes\n");
});
