// Applies ACTIVE group rules: a small subset of the Okta Expression Language
// (user.attr == "value", != , joined by && or ||) decides which users a rule adds to its groups.

import { groupTarget, recordMutation, userTarget, type RequestContext } from "./audit.js";
import type { GroupRule, OktaUser, OrgState } from "./state.js";

type UserTest = (user: OktaUser) => boolean;

const COMPARISON = /^\s*user\.([A-Za-z0-9_]+)\s*(==|!=)\s*"([^"]*)"\s*$/;

/** Undefined when the expression uses more of the language than the sandbox understands: such rules assign nobody. */
export function compileRuleExpression(expression: string): UserTest | undefined {
  const alternatives = expression.split("||").map((part) => part.split("&&").map((term) => COMPARISON.exec(term)));
  if (alternatives.some((terms) => terms.some((m) => m === null))) return undefined;
  return (user) =>
    alternatives.some((terms) =>
      terms.every((m) => {
        const [, attribute, op, value] = m!;
        const equal = String(user.profile[attribute] ?? "") === value;
        return op === "==" ? equal : !equal;
      }),
    );
}

/** Adds matching users to the groups of the given rules (all ACTIVE rules by default), logging each new membership. */
export function applyGroupRules(state: OrgState, context: RequestContext, users: Iterable<OktaUser>, rules?: GroupRule[]): void {
  const active = (rules ?? [...state.groupRules.values()]).filter((r) => r.status === "ACTIVE");
  if (active.length === 0) return;
  const compiled = active.map((rule) => {
    const expression = (rule.conditions.expression as { value?: string } | undefined)?.value ?? "";
    const people = rule.conditions.people as { users?: { exclude?: string[] } } | undefined;
    return { rule, test: compileRuleExpression(expression), excluded: new Set(people?.users?.exclude ?? []) };
  });
  for (const user of users) {
    if (user.status === "DEPROVISIONED") continue;
    for (const { rule, test, excluded } of compiled) {
      if (!test || excluded.has(user.id) || !test(user)) continue;
      for (const groupId of rule.actions.assignUserToGroups.groupIds) {
        const members = state.groupMembers.get(groupId);
        const group = state.groups.get(groupId);
        if (!members || !group || members.has(user.id)) continue;
        const now = state.clock.tick();
        members.add(user.id);
        group.lastMembershipUpdated = now;
        recordMutation(state, context, "group.user_membership.add", "Add user to group membership", [userTarget(user), groupTarget(group)], now);
      }
    }
  }
}
