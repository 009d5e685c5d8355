// Okta JSON for output: stored objects plus _links. "{{org}}" is replaced by the org URL when the body is written.

import type { AppGroup, AppUser, Factor, GroupRule, OktaApp, OktaGroup, OktaUser, Policy, PolicyRule, RoleAssignment } from "./state.js";

const API = "{{org}}/api/v1";
const post = (href: string) => ({ href, method: "POST" });

const LIFECYCLE_LINKS: Record<string, string[]> = {
  STAGED: ["activate", "deactivate"],
  PROVISIONED: ["reactivate", "deactivate"],
  ACTIVE: ["suspend", "reset_password", "expire_password", "deactivate", "reset_factors"],
  RECOVERY: ["reset_password", "expire_password", "suspend", "deactivate"],
  PASSWORD_EXPIRED: ["reset_password", "suspend", "deactivate"],
  LOCKED_OUT: ["unlock", "reset_password", "expire_password", "deactivate"],
  SUSPENDED: ["unsuspend", "deactivate"],
  DEPROVISIONED: ["activate"],
};

const LINK_NAMES: Record<string, string> = {
  reset_password: "resetPassword",
  expire_password: "expirePassword",
  reset_factors: "resetFactors",
};

export function renderUser(user: OktaUser): unknown {
  const self = `${API}/users/${user.id}`;
  const links: Record<string, unknown> = {};
  for (const action of LIFECYCLE_LINKS[user.status] ?? []) links[LINK_NAMES[action] ?? action] = post(`${self}/lifecycle/${action}`);
  links.schema = { href: `${API}/meta/schemas/user/${user.type.id}` };
  links.type = { href: `${API}/meta/types/user/${user.type.id}` };
  links.self = { href: self };
  return { ...user, _links: links };
}

export function renderGroup(group: OktaGroup): unknown {
  const self = `${API}/groups/${group.id}`;
  return {
    ...group,
    _links: {
      logo: [{ name: "medium", href: "{{org}}/assets/img/logos/groups/okta-medium.png", type: "image/png" }],
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
      self: { href: self },
    },
  };
}

export const renderGroupRule = (rule: GroupRule): unknown => rule;

export function renderApp(app: OktaApp): unknown {
  const self = `${API}/apps/${app.id}`;
  return {
    ...app,
    _links: {
      appLinks: [{ name: app.name, href: `{{org}}/home/${app.name}/${app.id}/1`, type: "text/html" }],
      groups: { href: `${self}/groups` },
      logo: [{ name: "medium", href: "{{org}}/assets/img/logos/default.png", type: "image/png" }],
      users: { href: `${self}/users` },
      deactivate: { href: `${self}/lifecycle/deactivate` },
      self: { href: self },
    },
  };
}

export function renderAppUser(appId: string, appUser: AppUser): unknown {
  return {
    ...appUser,
    _links: { app: { href: `${API}/apps/${appId}` }, user: { href: `${API}/users/${appUser.id}` } },
  };
}

export function renderAppGroup(appId: string, appGroup: AppGroup): unknown {
  return {
    ...appGroup,
    _links: { app: { href: `${API}/apps/${appId}` }, group: { href: `${API}/groups/${appGroup.id}` } },
  };
}

export function renderFactor(userId: string, factor: Factor): unknown {
  const self = `${API}/users/${userId}/factors/${factor.id}`;
  return { ...factor, _links: { self: { href: self, hints: { allow: ["GET", "DELETE"] } }, user: { href: `${API}/users/${userId}` } } };
}

export function renderRole(userId: string, role: RoleAssignment): unknown {
  return { ...role, _links: { assignee: { href: `${API}/users/${userId}` } } };
}

export function renderPolicy(policy: Policy): unknown {
  const self = `${API}/policies/${policy.id}`;
  const toggle = policy.status === "ACTIVE" ? "deactivate" : "activate";
  return {
    ...policy,
    _links: { self: { href: self }, [toggle]: post(`${self}/lifecycle/${toggle}`), rules: { href: `${self}/rules` } },
  };
}

export function renderPolicyRule(policyId: string, rule: PolicyRule): unknown {
  const self = `${API}/policies/${policyId}/rules/${rule.id}`;
  const toggle = rule.status === "ACTIVE" ? "deactivate" : "activate";
  return { ...rule, _links: { self: { href: self }, [toggle]: post(`${self}/lifecycle/${toggle}`) } };
}
