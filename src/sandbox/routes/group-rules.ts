// /api/v1/groups/rules: list, get, create (INACTIVE), replace (INACTIVE only), activate, deactivate, delete.

import { plainTarget, recordMutation } from "../audit.js";
import { applyGroupRules } from "../group-rule-engine.js";
import { notFound, OktaWireError, validationFailed } from "../okta-error.js";
import { renderGroupRule } from "../render.js";
import { isObject, listReply, noContent, ok } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import type { GroupRule, OrgState } from "../state.js";

function requireRule(state: OrgState, ruleId: string): GroupRule {
  const rule = state.groupRules.get(ruleId);
  if (!rule) throw notFound(ruleId, "GroupRule");
  return rule;
}

const ruleTarget = (rule: GroupRule) => plainTarget(rule.id, "GroupRule", rule.name);

function validRule(state: OrgState, body: Record<string, unknown>): Pick<GroupRule, "name" | "conditions" | "actions"> {
  if (typeof body.name !== "string" || body.name.trim() === "") throw validationFailed("name", "The field cannot be left blank");
  const conditions = isObject(body.conditions) ? body.conditions : {};
  const expression = isObject(conditions.expression) ? conditions.expression.value : undefined;
  if (typeof expression !== "string" || expression.trim() === "") throw validationFailed("conditions.expression.value", "The field cannot be left blank");
  const actions = isObject(body.actions) && isObject(body.actions.assignUserToGroups) ? body.actions.assignUserToGroups : {};
  const groupIds = Array.isArray(actions.groupIds) ? actions.groupIds.map(String) : [];
  if (groupIds.length === 0) throw validationFailed("actions.assignUserToGroups.groupIds", "The field cannot be left blank");
  for (const id of groupIds) if (!state.groups.has(id)) throw notFound(id, "UserGroup");
  return {
    name: body.name,
    conditions: { people: { users: { exclude: [] }, groups: { exclude: [] } }, ...conditions, expression: { value: expression, type: "urn:okta:expression:1.0" } },
    actions: { assignUserToGroups: { groupIds } },
  };
}

async function createRule(context: HandlerContext): Promise<Reply> {
  const { state } = context;
  const fields = validRule(state, await context.body());
  const now = state.clock.tick();
  const rule = state.groupRules.put({ id: state.random.oktaId("0pr"), type: "group_rule", status: "INACTIVE", created: now, lastUpdated: now, ...fields });
  recordMutation(state, context.audit, "group.rule.create", "Create group rule", [ruleTarget(rule)], now);
  return ok(renderGroupRule(rule));
}

async function replaceRule(context: HandlerContext): Promise<Reply> {
  const { state } = context;
  const rule = requireRule(state, context.params.ruleId);
  if (rule.status === "ACTIVE") {
    throw new OktaWireError(400, "E0000001", "Api validation failed: status", ["status: Rules can only be updated when they are INACTIVE"]);
  }
  const fields = validRule(state, await context.body());
  const now = state.clock.tick();
  Object.assign(rule, fields, { lastUpdated: now });
  recordMutation(state, context.audit, "group.rule.update", "Update group rule", [ruleTarget(rule)], now);
  return ok(renderGroupRule(rule));
}

function setStatus(context: HandlerContext, status: "ACTIVE" | "INACTIVE"): Reply {
  const { state } = context;
  const rule = requireRule(state, context.params.ruleId);
  if (rule.status === status) return noContent();
  const now = state.clock.tick();
  rule.status = status;
  rule.lastUpdated = now;
  const verb = status === "ACTIVE" ? "activate" : "deactivate";
  recordMutation(state, context.audit, `group.rule.${verb}`, `${status === "ACTIVE" ? "Activate" : "Deactivate"} group rule`, [ruleTarget(rule)], now);
  if (status === "ACTIVE") applyGroupRules(state, context.audit, state.users.values(), [rule]);
  return noContent();
}

function deleteRule(context: HandlerContext): Reply {
  const { state } = context;
  const rule = requireRule(state, context.params.ruleId);
  state.groupRules.delete(rule.id);
  recordMutation(state, context.audit, "group.rule.delete", "Delete group rule", [ruleTarget(rule)]);
  return noContent();
}

function listRules(context: HandlerContext): Reply {
  const { state, url } = context;
  const search = url.searchParams.get("search")?.toLowerCase();
  function* matching(): Generator<GroupRule> {
    for (const rule of state.groupRules.values()) if (!search || rule.name.toLowerCase().includes(search)) yield rule;
  }
  return listReply(context, matching(), (r) => [state.groupRules.seqOf(r.id)], renderGroupRule, { defaultLimit: 50, maxLimit: 200 });
}

export function registerGroupRuleRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/groups/rules", listRules)
    .add("POST", "/api/v1/groups/rules", createRule)
    .add("GET", "/api/v1/groups/rules/:ruleId", (c) => ok(renderGroupRule(requireRule(c.state, c.params.ruleId))))
    .add("PUT", "/api/v1/groups/rules/:ruleId", replaceRule)
    .add("DELETE", "/api/v1/groups/rules/:ruleId", deleteRule)
    .add("POST", "/api/v1/groups/rules/:ruleId/lifecycle/activate", (c) => setStatus(c, "ACTIVE"))
    .add("POST", "/api/v1/groups/rules/:ruleId/lifecycle/deactivate", (c) => setStatus(c, "INACTIVE"));
}
