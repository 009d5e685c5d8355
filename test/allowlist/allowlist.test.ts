// Invariants of the default allowlist (tools.allowlist.yaml): the official tool names, naming rules,
// the incident-response lifecycle tools, effects, and the context cost of a default page of users.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { ToolCatalog } from "../../src/tool-spec.js";
import { hasPinnedSpec, pinnedSpec } from "../spec-status.js";
import { loadAllowlist, repoRoot, type AllowlistEntry } from "./load-allowlist.js";

const allowlist = loadAllowlist();
const byName = new Map(allowlist.entries.map((e) => [e.name, e]));

// Tools of Okta's official MCP server (name → operationId), which we keep under the same names.
const OFFICIAL: Record<string, string> = {
  list_applications: "listApplications", get_application: "getApplication", create_application: "createApplication",
  update_application: "replaceApplication", delete_application: "deleteApplication", activate_application: "activateApplication",
  deactivate_application: "deactivateApplication",
  list_brands: "listBrands", get_brand: "getBrand", create_brand: "createBrand", replace_brand: "replaceBrand", delete_brand: "deleteBrand",
  list_brand_domains: "listBrandDomains",
  list_custom_domains: "listCustomDomains", create_custom_domain: "createCustomDomain", get_custom_domain: "getCustomDomain",
  replace_custom_domain: "replaceCustomDomain", delete_custom_domain: "deleteCustomDomain",
  upsert_custom_domain_certificate: "upsertCertificate", verify_custom_domain: "verifyDomain",
  get_error_page_resources: "getErrorPage", get_customized_error_page: "getCustomizedErrorPage",
  replace_customized_error_page: "replaceCustomizedErrorPage", delete_customized_error_page: "deleteCustomizedErrorPage",
  get_default_error_page: "getDefaultErrorPage", get_preview_error_page: "getPreviewErrorPage",
  replace_preview_error_page: "replacePreviewErrorPage", delete_preview_error_page: "deletePreviewErrorPage",
  get_sign_in_page_resources: "getSignInPage", get_customized_sign_in_page: "getCustomizedSignInPage",
  replace_customized_sign_in_page: "replaceCustomizedSignInPage", delete_customized_sign_in_page: "deleteCustomizedSignInPage",
  get_default_sign_in_page: "getDefaultSignInPage", get_preview_sign_in_page: "getPreviewSignInPage",
  replace_preview_sign_in_page: "replacePreviewSignInPage", delete_preview_sign_in_page: "deletePreviewSignInPage",
  list_sign_in_widget_versions: "listAllSignInWidgetVersions", get_sign_out_page_settings: "getSignOutPageSettings",
  replace_sign_out_page_settings: "replaceSignOutPageSettings",
  list_email_templates: "listEmailTemplates", get_email_template: "getEmailTemplate", list_email_customizations: "listEmailCustomizations",
  create_email_customization: "createEmailCustomization", get_email_customization: "getEmailCustomization",
  replace_email_customization: "replaceEmailCustomization", delete_email_customization: "deleteEmailCustomization",
  delete_all_email_customizations: "deleteAllCustomizations", get_email_customization_preview: "getCustomizationPreview",
  get_email_default_content: "getEmailDefaultContent", get_email_default_content_preview: "getEmailDefaultPreview",
  get_email_settings: "getEmailSettings", replace_email_settings: "replaceEmailSettings", send_test_email: "sendTestEmail",
  list_email_domains: "listEmailDomains", create_email_domain: "createEmailDomain", get_email_domain: "getEmailDomain",
  replace_email_domain: "replaceEmailDomain", delete_email_domain: "deleteEmailDomain", verify_email_domain: "verifyEmailDomain",
  list_brand_themes: "listBrandThemes", get_brand_theme: "getBrandTheme", replace_brand_theme: "replaceBrandTheme",
  upload_brand_theme_logo: "uploadBrandThemeLogo", delete_brand_theme_logo: "deleteBrandThemeLogo",
  upload_brand_theme_favicon: "uploadBrandThemeFavicon", delete_brand_theme_favicon: "deleteBrandThemeFavicon",
  upload_brand_theme_background_image: "uploadBrandThemeBackgroundImage", delete_brand_theme_background_image: "deleteBrandThemeBackgroundImage",
  list_device_assurance_policies: "listDeviceAssurancePolicies", get_device_assurance_policy: "getDeviceAssurancePolicy",
  create_device_assurance_policy: "createDeviceAssurancePolicy", replace_device_assurance_policy: "replaceDeviceAssurancePolicy",
  delete_device_assurance_policy: "deleteDeviceAssurancePolicy",
  list_groups: "listGroups", get_group: "getGroup", create_group: "addGroup", delete_group: "deleteGroup", update_group: "replaceGroup",
  list_group_users: "listGroupUsers", list_group_apps: "listAssignedApplicationsForGroup", add_user_to_group: "assignUserToGroup",
  remove_user_from_group: "unassignUserFromGroup",
  list_policies: "listPolicies", get_policy: "getPolicy", create_policy: "createPolicy", update_policy: "replacePolicy",
  delete_policy: "deletePolicy", activate_policy: "activatePolicy", deactivate_policy: "deactivatePolicy",
  list_policy_rules: "listPolicyRules", get_policy_rule: "getPolicyRule", create_policy_rule: "createPolicyRule",
  update_policy_rule: "replacePolicyRule", delete_policy_rule: "deletePolicyRule", activate_policy_rule: "activatePolicyRule",
  deactivate_policy_rule: "deactivatePolicyRule",
  get_login_failures: "listLogEvents", get_logs: "listLogEvents",
  list_users: "listUsers", get_user_profile_attributes: "listUsers", get_user: "getUser", create_user: "createUser",
  update_user: "updateUser", deactivate_user: "deactivateUser", delete_deactivated_user: "deleteUser",
};
// Left out on purpose (see the comment at the top of tools.allowlist.yaml).
const LEFT_OUT = ["export_users_csv", "confirm_delete_application", "confirm_delete_group"];

const LIFECYCLE = [
  "activate_user", "reactivate_user", "deactivate_user", "suspend_user", "unsuspend_user", "unlock_user",
  "expire_user_password", "reset_user_password", "reset_user_factors", "clear_user_sessions",
];

const TOOLSETS = ["users", "groups", "apps", "policies", "logs", "security", "identity", "roles", "devices", "branding", "domains", "org"];

describe("tools.allowlist.yaml", () => {
  it("keeps every official tool name on the same operation", () => {
    expect(Object.keys(OFFICIAL)).toHaveLength(105);
    const wrong = Object.entries(OFFICIAL).filter(([name, op]) => byName.get(name)?.operationId !== op);
    expect(wrong).toEqual([]);
  });

  it("leaves out the file-writing export and the confirm_delete_* helpers", () => {
    for (const name of LEFT_OUT) expect(byName.has(name)).toBe(false);
    const header = readFileSync(resolve(repoRoot, "tools.allowlist.yaml"), "utf8").split("\ntoolsets:")[0];
    for (const name of ["export_users_csv", "confirm_delete_"]) expect(header).toContain(name);
  });

  it("has unique snake_case names of at most 64 characters", () => {
    const names = allowlist.entries.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(64);
  });

  it("groups the tools in the allowlist's toolsets, each with a one-line description", () => {
    expect(Object.keys(allowlist.toolsets).sort()).toEqual([...TOOLSETS].sort());
    for (const { description, entries } of Object.values(allowlist.toolsets)) {
      expect(description).toMatch(/^[^\n]{10,120}$/);
      expect(entries.length).toBeGreaterThan(0);
    }
    expect(allowlist.entries.length).toBeGreaterThanOrEqual(150);
    expect(allowlist.entries.length).toBeLessThanOrEqual(185);
  });

  it("has the user lifecycle tools an incident responder needs", () => {
    expect(LIFECYCLE.filter((name) => !byName.has(name))).toEqual([]);
    for (const name of ["suspend_user", "deactivate_user", "unlock_user", "expire_user_password", "reset_user_password", "reset_user_factors", "clear_user_sessions"]) {
      expect(byName.get(name)?.effect, name).toBe("destructive");
    }
    for (const name of ["activate_user", "reactivate_user", "unsuspend_user"]) expect(byName.get(name)?.effect, name).toBe("write");
  });

  it("expresses the official preset tools with presets on the shared operation", () => {
    expect(byName.get("get_login_failures")?.presets).toEqual({ filter: 'eventType eq "user.session.start" and outcome.result eq "FAILURE"' });
    expect(byName.get("get_logs")?.presets).toBeUndefined();
    expect(byName.get("get_user_profile_attributes")?.presets).toEqual({ limit: 1 });
    expect(byName.get("get_user_profile_attributes")?.fields).toEqual(["profile"]);
  });

  it("keeps a default page of 20 users within 1,500 o200k tokens", () => {
    const fields = byName.get("list_users")?.fields;
    expect(fields).toBeDefined();
    expect(byName.get("list_users")?.defaults?.limit).toBe(20);
    const page = { items: sampleUsers(20).map((user) => project(user, fields!)) };
    expect(encode(JSON.stringify(page)).length).toBeLessThanOrEqual(1500);
  });
});

// Checked against the pinned spec: operations exist, scopes equal the spec's oauth2 requirement, effects fit the method.
const release = (parse(readFileSync(resolve(repoRoot, "tools.allowlist.yaml"), "utf8")) as { release: string }).release;
const specPath = hasPinnedSpec && pinnedSpec.endsWith(`okta-management-${release}.yaml`) ? pinnedSpec : undefined;

interface SpecOp { method: string; path: string; scopes: string[]; params: string[] }

describe.skipIf(!specPath)(`tools.allowlist.yaml against spec ${release}`, () => {
  const ops = new Map<string, SpecOp>();
  beforeAll(() => {
    type Obj = Record<string, any>;
    const spec = parse(readFileSync(specPath!, "utf8")) as Obj;
    const deref = (p: Obj): Obj => (p.$ref ? p.$ref.split("/").slice(1).reduce((o: Obj, k: string) => o[k], spec) : p);
    for (const [path, item] of Object.entries(spec.paths as Obj)) {
      for (const method of ["get", "post", "put", "patch", "delete"]) {
        const op = item[method] as Obj | undefined;
        if (!op) continue;
        const security = (op.security ?? spec.security ?? []) as Obj[];
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref).map((p: Obj) => argName(p.name));
        // Top-level body properties are arguments too (hide can drop an optional one).
        const body = op.requestBody ? deref(op.requestBody) : undefined;
        const fieldsOf = (schema: Obj | undefined): string[] =>
          schema ? [...Object.keys(deref(schema).properties ?? {}), ...((deref(schema).allOf ?? []) as Obj[]).flatMap(fieldsOf)] : [];
        params.push(...fieldsOf(body?.content?.["application/json"]?.schema));
        ops.set(op.operationId, { method: method.toUpperCase(), path, scopes: security.flatMap((s) => s.oauth2 ?? []), params });
      }
    }
  }, 60_000);

  const each = (check: (entry: AllowlistEntry, op: SpecOp) => unknown) =>
    allowlist.entries.flatMap((entry) => {
      const op = ops.get(entry.operationId);
      const problem = op ? check(entry, op) : "unknown operationId";
      return problem ? [`${entry.name} (${entry.operationId}): ${String(problem)}`] : [];
    });

  it("names only operations of the spec, with exactly the spec's scopes", () => {
    expect(each((e, op) => [...e.scopes].sort().join(" ") !== [...op.scopes].sort().join(" ") && `spec ${op.scopes} vs ${e.scopes}`)).toEqual([]);
  });

  it("makes every DELETE destructive, every GET read, and states the effect of every other method", () => {
    expect(each((e, op) => op.method === "DELETE" && e.effect !== "destructive" && `DELETE is ${e.effect}`)).toEqual([]);
    expect(each((e, op) => op.method === "GET" && (e.effect ?? "read") !== "read" && `GET is ${e.effect}`)).toEqual([]);
    expect(each((e, op) => op.method !== "GET" && !e.effect && `${op.method} without an effect`)).toEqual([]);
  });

  it("lifecycle transitions that lock people out are destructive", () => {
    const lockout = /\/lifecycle\/(deactivate|suspend|reset_factors|reset_password|expire_password)$/;
    expect(each((e, op) => lockout.test(op.path) && e.effect !== "destructive" && `${op.path} is ${e.effect}`)).toEqual([]);
  });

  it("presets, defaults and hide name real parameters or body fields", () => {
    expect(
      each((e, op) => [...Object.keys(e.presets ?? {}), ...Object.keys(e.defaults ?? {}), ...(e.hide ?? [])].find((p) => !op.params.includes(p))),
    ).toEqual([]);
  });
});

/** Same rule as the generator: identifiers stay, `Content-Type` → `content_type`. */
function argName(wire: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(wire) ? wire : wire.replace(/[^A-Za-z0-9]+/g, "_").toLowerCase();
}

function project(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const path of fields) {
    const keys = path.split(".");
    const value = keys.reduce<any>((o, k) => (o && typeof o === "object" ? o[k] : undefined), record);
    if (value === undefined) continue;
    let target = out;
    for (const key of keys.slice(0, -1)) target = target[key] ??= {};
    target[keys[keys.length - 1]] = value;
  }
  return out;
}

/** Realistic Okta user records (random-looking 20-character ids, full timestamps), deterministic. */
function sampleUsers(count: number): Record<string, unknown>[] {
  const people = [["Jane", "Doe"], ["Mohammed", "Rashid"], ["Li", "Wei"], ["Anna", "Schmidt"], ["Robert", "Smith"]];
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let seed = 42;
  const char = () => alphabet[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length];
  return Array.from({ length: count }, (_, i) => {
    const [firstName, lastName] = people[i % people.length];
    const login = `${firstName.toLowerCase()}.${lastName.toLowerCase()}${i}@example.com`;
    return {
      id: `00u${Array.from({ length: 17 }, char).join("")}`,
      status: "ACTIVE",
      created: "2024-03-11T17:22:45.000Z",
      activated: "2024-03-11T17:22:46.000Z",
      statusChanged: "2024-03-11T17:22:46.000Z",
      lastLogin: "2026-11-20T09:13:02.000Z",
      lastUpdated: "2026-10-02T11:40:19.000Z",
      passwordChanged: "2026-01-15T08:00:00.000Z",
      type: { id: `oty${Array.from({ length: 17 }, char).join("")}` },
      profile: { login, email: login, firstName, lastName, mobilePhone: null, secondEmail: null, department: "Finance", title: "Analyst" },
      credentials: { password: {}, provider: { type: "OKTA", name: "OKTA" } },
      _links: { self: { href: `https://example.okta.com/api/v1/users/00u${i}` } },
    };
  });
}

// Once the generator has run: the generated table holds exactly the allowlisted tools, with their effects and scopes.
const catalogPath = resolve(repoRoot, "src", "generated", "catalog.ts");

describe.skipIf(!existsSync(catalogPath))("generated catalog (src/generated/catalog.ts)", () => {
  it("has every allowlisted tool, in its toolset, with its effect, scopes, projection and presets", async () => {
    // Computed specifier: type-checking must not depend on generated code being present.
    const { catalog } = (await import(pathToFileURL(catalogPath).href)) as { catalog: ToolCatalog };
    const generated = new Map(catalog.tools.map((t) => [t.name, t]));
    expect(allowlist.entries.map((e) => e.name).filter((n) => !generated.has(n))).toEqual([]);
    expect(catalog.tools.map((t) => t.name).filter((n) => !byName.has(n))).toEqual([]);
    for (const entry of allowlist.entries) {
      const tool = generated.get(entry.name)!;
      expect({ toolset: tool.toolset, operationId: tool.operationId, effect: tool.effect, scopes: [...tool.scopes].sort() }, entry.name).toEqual({
        toolset: entry.toolset,
        operationId: entry.operationId,
        effect: entry.effect ?? "read",
        scopes: [...entry.scopes].sort(),
      });
      expect(tool.projection, entry.name).toEqual(entry.fields);
      expect(tool.presets, entry.name).toEqual(entry.presets);
    }
  });
});
