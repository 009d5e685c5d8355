// Contain a compromised account: block sign-in (suspend, or hold: expire the password), end every session and
// revoke OAuth tokens, reset the factors (or unenroll only those enrolled since a time), optionally quarantine.
// Okta's state machine decides what applies: only ACTIVE users can be suspended, and a suspended user's password
// cannot be expired (nor needs to be: a suspended user cannot sign in).
import { must } from "../runtime/okta-client.js";
import { ADD_TO_GROUP, EXPIRE_PASSWORD, GET_GROUP, LIST_FACTORS, LIST_USER_GROUPS, SUSPEND, UNENROLL_FACTOR } from "./catalog.js";
import { blockedByMissingRead, clearSessionsStep, resetFactorsStep } from "./steps.js";
import { type PlanFunction, type PlannedStep, userLabel } from "./types.js";

const NO_PASSWORD = new Set(["STAGED", "PROVISIONED"]);
const CANNOT_SIGN_IN = new Set(["SUSPENDED", "DEPROVISIONED"]);

export const planContainment: PlanFunction = async ({ client, user, options, canCall, scopesOf }) => {
    const steps: PlannedStep[] = [];
    const notes: string[] = [];
    const who = userLabel(user);
    const { status } = user;
    const hold = options.hold === true;
    const willSuspend = !hold && status === "ACTIVE";

    steps.push({
      id: "suspend",
      action: "Suspend the user (blocks sign-in, keeps assignments)",
      target: `user ${who}`,
      operation: SUSPEND,
      skip: hold
        ? "hold: the account stays as it is and its password is expired instead"
        : status === "SUSPENDED"
          ? "already SUSPENDED"
          : status !== "ACTIVE"
            ? `Okta suspends only ACTIVE users; the user is ${status}`
            : undefined,
      run: (c) => c.POST("/api/v1/users/{id}/lifecycle/suspend", { params: { path: { id: user.id } } }),
    });
    steps.push({
      id: "expire_password",
      action: "Expire the password (a new one is needed at the next sign-in)",
      target: `user ${who}`,
      operation: EXPIRE_PASSWORD,
      skip:
        status === "PASSWORD_EXPIRED"
          ? "the password is already expired"
          : willSuspend
            ? "the user is suspended by this run: a suspended user cannot sign in, and Okta does not expire a suspended user's password (reset it when restoring the account: reset_after_identity_check)"
            : NO_PASSWORD.has(status)
              ? `the user (${status}) has no password yet`
              : CANNOT_SIGN_IN.has(status)
                ? `the user is ${status} and cannot sign in`
                : undefined,
      run: (c) => c.POST("/api/v1/users/{id}/lifecycle/expire_password", { params: { path: { id: user.id } } }),
    });
    steps.push(clearSessionsStep(user, status === "DEPROVISIONED" ? "a deactivated user has no sessions" : undefined));

    if (!canCall(LIST_FACTORS)) {
      steps.push(resetFactorsStep(user, "Reset all MFA factors", { blockedBy: blockedByMissingRead(scopesOf(LIST_FACTORS), "the enrolled factors") }));
    } else {
      const factors = must(await client.GET("/api/v1/users/{userId}/factors", { params: { path: { userId: user.id } } }));
      const described = factors.map((f) => `${String(f.factorType)} ${String(f.status)} enrolled ${String(f.created)}`);
      notes.push(described.length ? `Enrolled factors: ${described.join("; ")}.` : "No enrolled factors.");
      const since = typeof options.factorsSince === "string" ? Date.parse(options.factorsSince) : undefined;
      if (since !== undefined) {
        const recent = factors.filter((f) => typeof f.id === "string" && Date.parse(String(f.created)) >= since);
        if (!recent.length) {
          steps.push({ id: "unenroll_factors", action: "Unenroll factors enrolled since factorsSince", target: `user ${who}`, operation: UNENROLL_FACTOR, skip: `no factor enrolled since ${String(options.factorsSince)}`, run: () => Promise.reject(new Error("not run")) });
        }
        for (const factor of recent) {
          const factorId = factor.id!;
          steps.push({
            id: `unenroll_factor:${factorId}`,
            action: `Unenroll the ${String(factor.factorType)} factor enrolled ${String(factor.created)}`,
            target: `factor ${factorId} of user ${who}`,
            operation: UNENROLL_FACTOR,
            run: (c) => c.DELETE("/api/v1/users/{userId}/factors/{factorId}", { params: { path: { userId: user.id, factorId } } }),
          });
        }
      } else {
        steps.push(resetFactorsStep(user, "Reset all MFA factors (the user enrolls again after identity proofing)", {
          skip: factors.length === 0 ? "no factor is enrolled" : undefined,
        }));
      }
    }

    const groupId = typeof options.quarantineGroupId === "string" ? options.quarantineGroupId : undefined;
    if (groupId) {
      let name = groupId;
      if (canCall(GET_GROUP)) {
        const group = must(await client.GET("/api/v1/groups/{groupId}", { params: { path: { groupId } } }));
        name = `${String(group.profile?.name ?? "?")} (${groupId})`;
      }
      let skip: string | undefined;
      let blockedBy: PlannedStep["blockedBy"];
      if (canCall(LIST_USER_GROUPS)) {
        const groups = must(await client.GET("/api/v1/users/{id}/groups", { params: { path: { id: user.id } } }));
        if (groups.some((g) => g.id === groupId)) skip = "already a member of the quarantine group";
      } else {
        const scopes = scopesOf(LIST_USER_GROUPS);
        blockedBy = { scopes, reason: `cannot check the user's groups without ${scopes.join(" ")}` };
      }
      steps.push({
        id: `quarantine:${groupId}`,
        action: "Add the user to the quarantine group",
        target: `user ${who} into group ${name}`,
        operation: ADD_TO_GROUP,
        skip,
        blockedBy,
        run: (c) => c.PUT("/api/v1/groups/{groupId}/users/{userId}", { params: { path: { groupId, userId: user.id } } }),
      });
    }
    return { steps, notes };
};
