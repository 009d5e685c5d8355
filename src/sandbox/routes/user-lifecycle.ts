// POST /api/v1/users/{id}/lifecycle/{action}: Okta's status machine, with the errors Okta gives for invalid moves.

import { recordMutation, userTarget } from "../audit.js";
import { notAllowedInStatus, notFound, OktaWireError, pathNotFound } from "../okta-error.js";
import { renderUser } from "../render.js";
import { ok, queryFlag } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import type { OktaUser, OrgState, UserStatus } from "../state.js";
import { requireUser } from "./users.js";

interface Transition {
  /** Statuses the action is valid from. */
  from: readonly UserStatus[];
  /** Error for any other status. */
  refuse: (user: OktaUser) => OktaWireError;
  /** New status (may depend on whether the user has a password). */
  to: (state: OrgState, user: OktaUser) => UserStatus;
  eventType: string;
  displayMessage: string;
  respond: (context: HandlerContext, user: OktaUser, token: string) => unknown;
}

const empty = () => ({});
const activationLink = (context: HandlerContext, _user: OktaUser, token: string) =>
  queryFlag(context.url, "sendEmail", true) ? {} : { activationUrl: `{{org}}/welcome/${token}`, activationToken: token };

const TRANSITIONS: Record<string, Transition> = {
  activate: {
    from: ["STAGED", "DEPROVISIONED"],
    refuse: () => new OktaWireError(403, "E0000016", "Activation failed because the user is already active"),
    to: (state, user) => (state.userHasPassword.get(user.id) ? "ACTIVE" : "PROVISIONED"),
    eventType: "user.lifecycle.activate",
    displayMessage: "Activate Okta user",
    respond: activationLink,
  },
  reactivate: {
    // Okta: "Perform this operation only on users with a PROVISIONED or RECOVERY status."
    from: ["PROVISIONED", "RECOVERY"],
    refuse: notAllowedInStatus,
    to: () => "PROVISIONED",
    eventType: "user.lifecycle.reactivate",
    displayMessage: "Reactivate Okta user",
    respond: activationLink,
  },
  deactivate: {
    from: ["STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED"],
    // Okta answers 404 for a user that is already DEPROVISIONED (okta/okta-sdk-java#721).
    refuse: (user) => notFound(user.id, "User"),
    to: () => "DEPROVISIONED",
    eventType: "user.lifecycle.deactivate",
    displayMessage: "Deactivate Okta user",
    respond: empty,
  },
  suspend: {
    from: ["ACTIVE"],
    refuse: () => new OktaWireError(400, "E0000001", "Api validation failed: suspendUser", ["Cannot suspend a user that is not active"]),
    to: () => "SUSPENDED",
    eventType: "user.lifecycle.suspend",
    displayMessage: "Suspend Okta user",
    respond: empty,
  },
  unsuspend: {
    from: ["SUSPENDED"],
    refuse: () => new OktaWireError(400, "E0000001", "Api validation failed: unsuspendUser", ["Cannot unsuspend a user that is not suspended"]),
    to: () => "ACTIVE",
    eventType: "user.lifecycle.unsuspend",
    displayMessage: "Unsuspend Okta user",
    respond: empty,
  },
  unlock: {
    from: ["LOCKED_OUT"],
    refuse: () => new OktaWireError(403, "E0000032", "Unlock is not allowed for this user."),
    to: () => "ACTIVE",
    eventType: "user.account.unlock",
    displayMessage: "Unlock user account",
    respond: empty,
  },
  expire_password: {
    from: ["ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT"],
    refuse: notAllowedInStatus,
    to: () => "PASSWORD_EXPIRED",
    eventType: "user.account.expire_password",
    displayMessage: "Expire user password",
    respond: (context, user, token) => (queryFlag(context.url, "tempPassword", false) ? { tempPassword: token.slice(0, 10) } : renderUser(user)),
  },
  reset_password: {
    from: ["ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "PROVISIONED"],
    refuse: notAllowedInStatus,
    to: () => "RECOVERY",
    eventType: "user.account.reset_password",
    displayMessage: "Fired when the user's Okta password is reset",
    respond: (context, _user, token) => (queryFlag(context.url, "sendEmail", true) ? {} : { resetPasswordUrl: `{{org}}/reset_password/${token}` }),
  },
};

function changeStatus(context: HandlerContext): Reply {
  const { state, params } = context;
  const user = requireUser(state, params.userId);
  if (params.action === "reset_factors") {
    const now = state.clock.tick();
    state.factors.delete(user.id);
    user.lastUpdated = now;
    recordMutation(state, context.audit, "user.mfa.factor.reset_all", "Reset all factors for user", [userTarget(user)], now);
    return ok({});
  }
  const transition = TRANSITIONS[params.action];
  if (!transition) throw pathNotFound(context.url.pathname);
  if (!transition.from.includes(user.status)) throw transition.refuse(user);
  const now = state.clock.tick();
  const next = transition.to(state, user);
  if (params.action === "activate") user.activated = now;
  user.status = next;
  user.statusChanged = now;
  user.lastUpdated = now;
  recordMutation(state, context.audit, transition.eventType, transition.displayMessage, [userTarget(user)], now);
  return ok(transition.respond(context, user, state.random.oktaId("tok").slice(3)));
}

export function registerUserLifecycleRoutes(router: Router): void {
  router.add("POST", "/api/v1/users/:userId/lifecycle/:action", changeStatus);
}
