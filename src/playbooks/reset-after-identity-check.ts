// Reset an account after the help desk has verified the caller's identity: unlock (and unsuspend when asked),
// reset the factors, sign out everywhere, and email a password reset link to the user. The link goes to the
// user's email only: sendEmail is always true, so no reset token ever reaches the model.
import { must } from "../runtime/okta-client.js";
import { LIST_FACTORS, RESET_PASSWORD, UNLOCK, UNSUSPEND } from "./catalog.js";
import { blockedByMissingRead, clearSessionsStep, resetFactorsStep } from "./steps.js";
import { type PlanFunction, type PlannedStep, userLabel } from "./types.js";

/** Statuses Okta resets a password from. */
const RESETTABLE = new Set(["ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "PROVISIONED"]);

export const planReset: PlanFunction = async ({ client, user, options, canCall, scopesOf }) => {
    const steps: PlannedStep[] = [];
    const notes = [`Identity verified by: ${String(options.verification)}.`];
    const who = userLabel(user);
    // The status each step will find, after the steps before it have run.
    let status = user.status;

    steps.push({
      id: "unsuspend",
      action: "Unsuspend the user",
      target: `user ${who}`,
      operation: UNSUSPEND,
      skip: status !== "SUSPENDED" ? `not suspended (${status})` : options.unsuspend !== true ? "the user is SUSPENDED: pass unsuspend=true once the reason for the suspension is resolved" : undefined,
      run: (c) => c.POST("/api/v1/users/{id}/lifecycle/unsuspend", { params: { path: { id: user.id } } }),
    });
    if (status === "SUSPENDED" && options.unsuspend === true) status = "ACTIVE";
    steps.push({
      id: "unlock",
      action: "Unlock the user",
      target: `user ${who}`,
      operation: UNLOCK,
      skip: status !== "LOCKED_OUT" ? `not locked out (${status})` : undefined,
      run: (c) => c.POST("/api/v1/users/{id}/lifecycle/unlock", { params: { path: { id: user.id } } }),
    });
    if (status === "LOCKED_OUT") status = "ACTIVE";

    if (options.keepFactors === true) {
      notes.push("Factors kept (keepFactors=true).");
    } else if (!canCall(LIST_FACTORS)) {
      steps.push(resetFactorsStep(user, "Reset all MFA factors", { blockedBy: blockedByMissingRead(scopesOf(LIST_FACTORS), "the enrolled factors") }));
    } else {
      const factors = must(await client.GET("/api/v1/users/{userId}/factors", { params: { path: { userId: user.id } } }));
      steps.push(resetFactorsStep(user, "Reset all MFA factors (the user enrolls again at the next sign-in)", {
        skip: factors.length === 0 ? "no factor is enrolled" : undefined,
      }));
    }
    steps.push(clearSessionsStep(user, status === "DEPROVISIONED" ? "a deactivated user has no sessions" : undefined));
    steps.push({
      id: "reset_password",
      action: "Email the user a password reset link",
      target: `user ${who}`,
      operation: RESET_PASSWORD,
      skip: RESETTABLE.has(status) ? undefined : status === "STAGED" ? "the user is STAGED: activate the account instead" : `Okta does not reset the password of a ${status} user`,
      run: (c) => c.POST("/api/v1/users/{id}/lifecycle/reset_password", { params: { path: { id: user.id }, query: { sendEmail: true } } }),
    });
    return { steps, notes };
};
