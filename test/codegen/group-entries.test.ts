// `tag:` and `pathPrefix:` entries expand to every matching operation, with the spec's scopes and derived names.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { formatCodegenError } from "../../codegen/errors.js";
import { generateQuietly, miniSpec } from "./support.js";

function allowlist(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "codegen-groups-")), "allowlist.yaml");
  writeFileSync(path, text);
  return path;
}

it("expands tags and path prefixes; explicit entries win and nothing is listed twice", async () => {
  const path = allowlist(
    [
      "toolsets:",
      "  widgets:",
      "    tools:",
      "      - deleteWidget: { name: remove_widget, scopes: okta.widgets.manage, effect: destructive }",
      "      - pathPrefix: /api/v1/widgets/{id}",
      "      - tag: Widget",
      "  uploads:",
      "    tools:",
      "      - tag: Upload",
    ].join("\n"),
  );
  const { built } = await generateQuietly({ specPath: miniSpec, allowlistPath: path });
  expect(built.catalog.tools.map((t) => `${t.toolset}/${t.name}`)).toEqual([
    "widgets/remove_widget",
    "widgets/get_widget",
    "widgets/replace_widget",
    "widgets/deactivate_widget",
    "widgets/add_shape",
    "widgets/replace_widget_tags",
    "widgets/list_widgets",
    "widgets/create_widget",
    "widgets/create_gadget",
    "widgets/get_gadget",
    "widgets/replace_gadget",
    "widgets/create_note",
    "uploads/upload_logo",
    "uploads/upload_cert",
    "uploads/get_mini_metadata",
  ]);
  expect(built.catalog.tools.find((t) => t.name === "create_widget")?.scopes).toEqual(["okta.widgets.manage", "okta.groups.manage"]);
  // A tag entry has no `require:` to say what a required body must carry: the runtime sends `{}` without arguments.
  const note = built.catalog.tools.find((t) => t.name === "create_note");
  expect(note?.bodyRequired).toBe(true);
  expect(note?.inputSchema.required).toBeUndefined();
});

it("an unknown tag suggests the nearest one", async () => {
  const path = allowlist("toolsets:\n  widgets:\n    tools:\n      - tag: Widgets\n");
  const error = await generateQuietly({ specPath: miniSpec, allowlistPath: path }).catch((err: unknown) => err);
  expect(formatCodegenError(error)).toMatch(/allowlist\.yaml:4:9: tag "Widgets" matches no operation in spec 2099\.01\.0 \(did you mean tag "Widget"\?\)$/);
});
