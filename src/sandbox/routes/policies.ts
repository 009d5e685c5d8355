// /api/v1/policies and their rules: list (type required), get, create, replace, delete, activate, deactivate.

import { policyTarget, recordMutation, ruleTarget } from "../audit.js";
import { notFound, OktaWireError, validationFailed } from "../okta-error.js";
import { compareKeys } from "../pagination.js";
import { renderPolicy, renderPolicyRule } from "../render.js";
import { listReply, noContent, ok, queryFlag } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import { policyFields, ruleFields } from "../policy-types.js";
import { RULE_TYPE_BY_POLICY_TYPE } from "../seed/policies.js";
import { collectionFor, type OrgState, type Policy, type PolicyRule } from "../state.js";

const IMMUTABLE = ["id", "type", "system", "created", "lastUpdated", "_links", "status"];

function requirePolicy(state: OrgState, policyId: string): Policy {
  const policy = state.policies.get(policyId);
  if (!policy) throw notFound(policyId, "Policy");
  return policy;
}

function requireRule(state: OrgState, policy: Policy, ruleId: string): PolicyRule {
  const rule = state.policyRules.get(policy.id)?.get(ruleId);
  if (!rule) throw notFound(ruleId, "PolicyRule");
  return rule;
}

function policyType(value: unknown): string {
  if (typeof value !== "string" || value === "") throw validationFailed("type", "The field cannot be left blank");
  if (!RULE_TYPE_BY_POLICY_TYPE[value]) throw validationFailed("type", `Invalid policy type. Valid types: ${Object.keys(RULE_TYPE_BY_POLICY_TYPE).join(", ")}`);
  return value;
}

const systemPolicyRefused = () =>
  new OktaWireError(403, "E0000006", "You do not have permission to perform the requested action", ["The default (system) policy or rule cannot be changed this way."]);

function listPolicies(context: HandlerContext): Reply {
  const { state, url } = context;
  const type = policyType(url.searchParams.get("type"));
  const status = url.searchParams.get("status")?.toUpperCase();
  const prefix = url.searchParams.get("q")?.toLowerCase();
  const byName = url.searchParams.get("sortBy") === "name";
  const keyOf = (p: Policy) => [byName ? p.name.toLowerCase() : p.priority, state.policies.seqOf(p.id)];
  const matching = [...state.policies.values()]
    .filter((p) => p.type === type && (!status || p.status === status) && (!prefix || p.name.toLowerCase().startsWith(prefix)))
    .sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  return listReply(context, matching, keyOf, renderPolicy);
}

function mergeable(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !IMMUTABLE.includes(key)));
}

async function createPolicy(context: HandlerContext): Promise<Reply> {
  const { state, url } = context;
  const body = await context.body();
  const type = policyType(body.type);
  if (typeof body.name !== "string" || body.name.trim() === "") throw validationFailed("name", "The field cannot be left blank");
  const siblings = [...state.policies.values()].filter((p) => p.type === type);
  if (siblings.some((p) => p.name.toLowerCase() === String(body.name).toLowerCase())) throw validationFailed("name", "A policy with this name already exists.");
  const fields = policyFields(state, type, body);
  const now = state.clock.tick();
  const policy = state.policies.put({
    description: null,
    ...mergeable(body),
    ...fields,
    id: state.random.oktaId("00p"),
    status: queryFlag(url, "activate", true) && body.status !== "INACTIVE" ? "ACTIVE" : "INACTIVE",
    name: body.name,
    priority: typeof body.priority === "number" ? body.priority : Math.max(0, ...siblings.filter((p) => !p.system).map((p) => p.priority)) + 1,
    system: false,
    type,
    created: now,
    lastUpdated: now,
  });
  collectionFor(state, state.policyRules, policy.id);
  recordMutation(state, context.audit, "policy.lifecycle.create", "Create policy", [policyTarget(policy)], now);
  return ok(renderPolicy(policy));
}

async function replacePolicy(context: HandlerContext): Promise<Reply> {
  const { state } = context;
  const policy = requirePolicy(state, context.params.policyId);
  const body = await context.body();
  if (body.type !== undefined && body.type !== policy.type) throw validationFailed("type", "The policy type cannot be changed");
  if (typeof body.name !== "string" || body.name.trim() === "") throw validationFailed("name", "The field cannot be left blank");
  const fields = policyFields(state, policy.type, body);
  const now = state.clock.tick();
  // A full replacement: type-specific parts not sent go back to their defaults, as on a real org.
  delete policy.settings;
  Object.assign(policy, { description: null, priority: policy.priority }, mergeable(body), fields, { lastUpdated: now });
  recordMutation(state, context.audit, "policy.lifecycle.update", "Update policy", [policyTarget(policy)], now);
  return ok(renderPolicy(policy));
}

function deletePolicy(context: HandlerContext): Reply {
  const { state } = context;
  const policy = requirePolicy(state, context.params.policyId);
  if (policy.system) throw systemPolicyRefused();
  state.policies.delete(policy.id);
  state.policyRules.delete(policy.id);
  recordMutation(state, context.audit, "policy.lifecycle.delete", "Delete policy", [policyTarget(policy)]);
  return noContent();
}

function setPolicyStatus(context: HandlerContext, status: "ACTIVE" | "INACTIVE"): Reply {
  const { state } = context;
  const policy = requirePolicy(state, context.params.policyId);
  if (policy.system && status === "INACTIVE") throw systemPolicyRefused();
  if (policy.status !== status) {
    const now = state.clock.tick();
    policy.status = status;
    policy.lastUpdated = now;
    const verb = status === "ACTIVE" ? "activate" : "deactivate";
    recordMutation(state, context.audit, `policy.lifecycle.${verb}`, `${status === "ACTIVE" ? "Activate" : "Deactivate"} policy`, [policyTarget(policy)], now);
  }
  return noContent();
}

function listRules(context: HandlerContext): Reply {
  const { state } = context;
  const policy = requirePolicy(state, context.params.policyId);
  const rules = collectionFor(state, state.policyRules, policy.id);
  const sorted = [...rules.values()].sort((a, b) => a.priority - b.priority || rules.seqOf(a.id) - rules.seqOf(b.id));
  return listReply(context, sorted, (r) => [r.priority, rules.seqOf(r.id)], (r) => renderPolicyRule(policy.id, r));
}

async function createRule(context: HandlerContext): Promise<Reply> {
  const { state, url } = context;
  const policy = requirePolicy(state, context.params.policyId);
  const body = await context.body();
  if (typeof body.name !== "string" || body.name.trim() === "") throw validationFailed("name", "The field cannot be left blank");
  const expectedType = RULE_TYPE_BY_POLICY_TYPE[policy.type];
  if (body.type !== undefined && body.type !== expectedType) throw validationFailed("type", `Rules of a ${policy.type} policy have type ${expectedType}`);
  const rules = collectionFor(state, state.policyRules, policy.id);
  if ([...rules.values()].some((r) => r.name.toLowerCase() === String(body.name).toLowerCase())) throw validationFailed("name", "A rule with this name already exists in this policy.");
  const fields = ruleFields(state, expectedType, body);
  const now = state.clock.tick();
  const rule = rules.put({
    ...mergeable(body),
    ...fields,
    id: state.random.oktaId("0pr"),
    status: queryFlag(url, "activate", true) && body.status !== "INACTIVE" ? "ACTIVE" : "INACTIVE",
    name: body.name,
    priority: typeof body.priority === "number" ? body.priority : Math.max(0, ...[...rules.values()].filter((r) => !r.system).map((r) => r.priority)) + 1,
    system: false,
    type: expectedType,
    created: now,
    lastUpdated: now,
  });
  recordMutation(state, context.audit, "policy.rule.add", "Add policy rule", [ruleTarget(rule), policyTarget(policy)], now);
  return ok(renderPolicyRule(policy.id, rule));
}

async function replaceRule(context: HandlerContext): Promise<Reply> {
  const { state, params } = context;
  const policy = requirePolicy(state, params.policyId);
  const rule = requireRule(state, policy, params.ruleId);
  const body = await context.body();
  if (typeof body.name !== "string" || body.name.trim() === "") throw validationFailed("name", "The field cannot be left blank");
  if (body.type !== undefined && body.type !== rule.type) throw validationFailed("type", "The rule type cannot be changed");
  const fields = ruleFields(state, rule.type, body);
  const now = state.clock.tick();
  Object.assign(rule, mergeable(body), fields, { lastUpdated: now });
  recordMutation(state, context.audit, "policy.rule.update", "Update policy rule", [ruleTarget(rule), policyTarget(policy)], now);
  return ok(renderPolicyRule(policy.id, rule));
}

function deleteRule(context: HandlerContext): Reply {
  const { state, params } = context;
  const policy = requirePolicy(state, params.policyId);
  const rule = requireRule(state, policy, params.ruleId);
  if (rule.system) throw systemPolicyRefused();
  state.policyRules.get(policy.id)!.delete(rule.id);
  recordMutation(state, context.audit, "policy.rule.delete", "Delete policy rule", [ruleTarget(rule), policyTarget(policy)]);
  return noContent();
}

function setRuleStatus(context: HandlerContext, status: "ACTIVE" | "INACTIVE"): Reply {
  const { state, params } = context;
  const policy = requirePolicy(state, params.policyId);
  const rule = requireRule(state, policy, params.ruleId);
  if (rule.system && status === "INACTIVE") throw systemPolicyRefused();
  if (rule.status !== status) {
    const now = state.clock.tick();
    rule.status = status;
    rule.lastUpdated = now;
    const verb = status === "ACTIVE" ? "activate" : "deactivate";
    recordMutation(state, context.audit, `policy.rule.${verb}`, `${status === "ACTIVE" ? "Activate" : "Deactivate"} policy rule`, [ruleTarget(rule), policyTarget(policy)], now);
  }
  return noContent();
}

export function registerPolicyRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/policies", listPolicies)
    .add("POST", "/api/v1/policies", createPolicy)
    .add("GET", "/api/v1/policies/:policyId", (c) => ok(renderPolicy(requirePolicy(c.state, c.params.policyId))))
    .add("PUT", "/api/v1/policies/:policyId", replacePolicy)
    .add("DELETE", "/api/v1/policies/:policyId", deletePolicy)
    .add("POST", "/api/v1/policies/:policyId/lifecycle/activate", (c) => setPolicyStatus(c, "ACTIVE"))
    .add("POST", "/api/v1/policies/:policyId/lifecycle/deactivate", (c) => setPolicyStatus(c, "INACTIVE"))
    .add("GET", "/api/v1/policies/:policyId/rules", listRules)
    .add("POST", "/api/v1/policies/:policyId/rules", createRule)
    .add("GET", "/api/v1/policies/:policyId/rules/:ruleId", (c) => {
      const policy = requirePolicy(c.state, c.params.policyId);
      return ok(renderPolicyRule(policy.id, requireRule(c.state, policy, c.params.ruleId)));
    })
    .add("PUT", "/api/v1/policies/:policyId/rules/:ruleId", replaceRule)
    .add("DELETE", "/api/v1/policies/:policyId/rules/:ruleId", deleteRule)
    .add("POST", "/api/v1/policies/:policyId/rules/:ruleId/lifecycle/activate", (c) => setRuleStatus(c, "ACTIVE"))
    .add("POST", "/api/v1/policies/:policyId/rules/:ruleId/lifecycle/deactivate", (c) => setRuleStatus(c, "INACTIVE"));
}

