// MCP prompts: security playbooks an admin starts with one command. Each renders one user message that names
// the tools to call in order (names from tools.allowlist.yaml) and marks every destructive step for confirmation.
// The server's own confirmation still applies; the prompt asks the model to stop and ask first as well.
import { InvalidArgumentsError } from "./errors.js";

export interface PromptArgument {
  name: string;
  description: string;
  required: boolean;
}

export interface PromptDef {
  name: string;
  title: string;
  description: string;
  arguments: PromptArgument[];
}

export type RenderedPrompt = {
  description: string;
  messages: { role: "user"; content: { type: "text"; text: string } }[];
};

type Args = Record<string, string | undefined>;

/** One step of a playbook: what to do, and whether it changes the org in a way that needs a yes first. */
interface Step {
  text: string;
  confirm?: boolean;
}

interface Playbook extends PromptDef {
  /** Sentences before the steps: the goal, with the arguments filled in. */
  intro(args: Args, window: TimeWindow): string;
  steps(args: Args, window: TimeWindow): Step[];
  /** What to report at the end. */
  report: string;
  /** Length of the time window when neither `since` nor `hours` is given. */
  defaultHours?: number;
}

interface TimeWindow {
  since: string;
  label: string;
}

const CONFIRM_MARK = "[CONFIRM]";
const DEFAULT_HOURS = 24;
// The System Log keeps 90 days.
const MAX_HOURS = 90 * 24;

const userArg: PromptArgument = { name: "user", description: "The user's login (email) or Okta user id", required: true };
const sinceArg: PromptArgument = { name: "since", description: "Start of the time window, ISO 8601 (e.g. 2026-06-01T00:00:00Z); overrides hours", required: false };
const hoursArg = (fallback: number, purpose = ""): PromptArgument => ({
  name: "hours",
  description: `Length of the time window${purpose} in hours, ending now (default ${fallback}, at most ${MAX_HOURS})`,
  required: false,
});

const playbooks: Playbook[] = [
  {
    name: "contain_compromised_account",
    title: "Contain a compromised account",
    description: "Contain a user with the server's playbook (suspend, sign out everywhere, revoke tokens, reset factors) after one confirmation, then review their recent System Log events.",
    defaultHours: 72,
    arguments: [userArg, hoursArg(72, " of the log review"), sinceArg, { name: "reason", description: "Why the account is suspected (ticket, alert), quoted in the summary", required: false }],
    intro: (a, w) =>
      `The Okta account "${a.user}" may be compromised${a.reason ? ` (${a.reason})` : ""}. Contain it first with the server's playbook, then find out what happened ${w.label}.`,
    steps: (a, w) => [
      { text: `\`run_playbook\` (playbook: "contain_compromised_account", user: "${a.user}"), without execute: the server reads the account and returns the plan. Show me each step, its target, and what is skipped or blocked and why. If the user does not exist, stop.` },
      { text: "`list_user_roles` (userId from the plan): if the user holds admin roles, say so first: the incident is more serious." },
      { text: "The same `run_playbook` call with execute: true (add quarantineGroupId or factorsSince only if I ask): the server asks me once to approve the whole plan and runs the steps in order. If it stops on a failing step, show me what was done, what was not, and its resume advice.", confirm: true },
      { text: `\`get_logs\` (filter: actor.id eq "<userId>" or target.id eq "<userId>", since: ${w.since}): review what the account did and what was done to it. Page with after if there is more.` },
      { text: `\`get_login_failures\` (q: the login, since: ${w.since}): failed sign-ins, with the IP addresses and places they came from.` },
      { text: "Only if `run_playbook` is not offered (missing scopes): `suspend_user` (id), then `clear_user_sessions` (userId, oauthTokens: true), then `reset_user_factors` (id), one call each.", confirm: true },
    ],
    report:
      "A short incident summary: the playbook run (runId, each step's outcome and System Log event), the suspicious events (time, event type, IP, place, client), factors enrolled or changed in the window (the plan's notes list them), admin roles held, and what a human should do next (for example run_playbook with reset_after_identity_check once the user's identity is verified).",
  },
  {
    name: "offboard_user",
    title: "Offboard a user",
    description: "Offboard a departing user with the server's playbook: sign out, revoke tokens and grants, remove admin roles, groups and app assignments, deactivate, after one confirmation.",
    arguments: [userArg],
    intro: (a) => `Offboard the Okta user "${a.user}" with the server's playbook. Do not delete the account.`,
    steps: (a) => [
      { text: `\`run_playbook\` (playbook: "offboard_user", user: "${a.user}"), without execute: the plan lists every session, grant, admin role, group and app assignment it would remove, and what comes through a group. Show it to me before changing anything.` },
      { text: "The same `run_playbook` call with execute: true (never delete: true unless I ask): the server asks me once to approve the whole plan and runs it. If it stops on a failing step, show me what was done, what was not, and its resume advice.", confirm: true },
      { text: "Only if `run_playbook` is not offered (missing scopes): `clear_user_sessions` (userId, oauthTokens: true), `unassign_role_from_user` (userId, roleAssignmentId) per admin role, then `deactivate_user` (id, sendEmail: false).", confirm: true },
    ],
    report:
      "An offboarding record: the user, the run (runId), each step with its outcome and System Log event, what was skipped and why, and anything left to do by hand (apps that are not provisioned by Okta, data to transfer). Never call delete_deactivated_user in this playbook.",
  },
  {
    name: "review_admin_roles",
    title: "Review admin role assignments",
    description: "List everyone who holds an Okta admin role, directly or through a group, and flag assignments that look stale or risky.",
    arguments: [{ name: "stale_days", description: "Flag admins who have not signed in for this many days (default 90)", required: false }],
    intro: (a) =>
      `Review who holds Okta admin roles. Flag admins who are not ACTIVE, who have not signed in for ${a.stale_days ?? "90"} days or more, super admins, and roles held through groups.`,
    steps: (a) => [
      { text: `\`security_report\` (report: "admin_roles", days: ${a.stale_days ?? "90"}): the server reads every admin, their roles, the group each group-held role comes from, status and last sign-in, and returns the counts and the flagged admins; its result names a resource with every assignment. If it is not offered, do the next steps by hand.` },
      { text: "`list_users_with_role_assignments`: every user with an admin role. Page with after until done." },
      { text: "`list_user_roles` (userId) for each: the role types and whether each is assigned to the user or through a group (assignmentType)." },
      { text: "`get_user` (id) for each: status and lastLogin." },
      { text: "`list_user_role_group_targets` and `list_user_role_app_targets` (userId, roleAssignmentId) for group and app admin roles: what each role is limited to." },
      { text: "`list_group_roles` (groupId) for each group that grants a role; `list_group_users` (groupId) shows who gets it through that group." },
      { text: "`list_custom_roles`: to name the custom roles that appear." },
      { text: "Change nothing unless I ask. If I ask you to remove a role: `unassign_role_from_user` (userId, roleAssignmentId) or `unassign_role_from_group` (groupId, roleAssignmentId), one call per role.", confirm: true },
    ],
    report:
      "A table: admin, status, last sign-in, role, assigned directly or through which group, targets; then the flagged assignments with the reason for each, most serious first.",
  },
  {
    name: "investigate_failed_signins",
    title: "Investigate failed sign-ins",
    description: "Find failed sign-ins over a time window, group them by user, IP and reason, and spot password spraying, brute force and lockouts.",
    arguments: [
      { name: "user", description: "Limit to one user's login (optional; all users when absent)", required: false },
      hoursArg(DEFAULT_HOURS),
      sinceArg,
    ],
    intro: (a, w) => `Investigate failed Okta sign-ins ${w.label}${a.user ? ` for "${a.user}"` : " across the org"}.`,
    steps: (a, w) => [
      { text: `\`security_report\` (report: "auth_events", since: ${w.since}): failures by reason, user, IP and country over time, lockouts, MFA denials and suspected spraying or brute force, read server-side from the whole window.${a.user ? ` Then narrow to "${a.user}" with the next step.` : " If it is not offered, use the next step."}` },
      { text: `\`get_login_failures\` (since: ${w.since}${a.user ? `, q: "${a.user}"` : ""}): page with after until done or until you have 500 events.` },
      { text: "Group the failures by IP address, by user, and by outcome.reason. Many users from one IP suggests password spraying; many failures on one user suggests brute force." },
      { text: `\`get_logs\` (filter: eventType eq "user.account.lock", since: ${w.since}): accounts locked out in the window.` },
      { text: "`list_network_zones`: are the worst IP addresses already in a blocklist zone?" },
      { text: "`get_threat_insight_configuration`: is ThreatInsight set to log or to block?" },
      { text: "`get_user` (id) and `list_user_blocks` (id) for the most targeted users: status and current blocks." },
      { text: "Change nothing unless I ask. If I ask: `unlock_user` (id) for a locked user after their identity is checked; `suspend_user` (id) for an account that was broken into.", confirm: true },
      { text: "If I ask to block IP addresses: `get_network_zone` then `replace_network_zone` with the full zone plus the new addresses (it replaces the zone: keep the existing entries)." },
    ],
    report:
      "A summary: number of failures, top IPs (with place and count), top targeted users, lockouts, the likely pattern (spraying, brute force, a user who forgot a password), and recommended actions.",
  },
  {
    name: "review_app_assignments",
    title: "Review an app's assignments",
    description: "List who is assigned to an application, directly and through groups, and flag inactive or unexpected assignments.",
    arguments: [{ name: "app", description: "The application's id or its label (name shown to users)", required: true }],
    intro: (a) => `Review who has access to the Okta application "${a.app}".`,
    steps: (a) => [
      { text: `\`list_applications\` (q: "${a.app}") or \`get_application\` (appId) if it is an id: find the app; if several match, ask me which one. Note its id, status and sign-on mode.` },
      { text: "`list_application_groups` (appId): groups assigned to the app; `get_group` (groupId) for each, to name it." },
      { text: "`list_application_users` (appId): users assigned, directly (scope USER) or through a group (scope GROUP). Page with after until done." },
      { text: "`get_user` (id) for direct assignments whose user status you need: flag users who are not ACTIVE." },
      { text: "Change nothing unless I ask. If I ask: `remove_user_from_application` (appId, userId) for a direct assignment, `remove_group_from_application` (appId, groupId) for a group; one call each.", confirm: true },
    ],
    report:
      "A summary: the app, the assigned groups (with member counts if known), the directly assigned users, and the flagged assignments (inactive users, direct assignments that bypass groups, broad groups such as Everyone) with the reason for each.",
  },
];

export const prompts: PromptDef[] = playbooks.map(({ name, title, description, arguments: args }) => ({ name, title, description, arguments: args }));

/** Renders a playbook with its arguments. `now` is only for tests. */
export function renderPrompt(name: string, args: Args, now: Date = new Date()): RenderedPrompt {
  const playbook = playbooks.find((p) => p.name === name);
  if (!playbook) {
    throw new InvalidArgumentsError(`Unknown prompt "${name}" (known prompts: ${playbooks.map((p) => p.name).join(", ")}).`);
  }
  const values = cleanArgs(playbook, args);
  const window = timeWindow(values, now, playbook.defaultHours ?? DEFAULT_HOURS);
  const steps = playbook.steps(values, window);
  const lines = [
    playbook.intro(values, window),
    "",
    "Steps, in order (tool names are this server's tools):",
    ...steps.map((step, i) => `${i + 1}. ${step.confirm ? `${CONFIRM_MARK} ` : ""}${step.text}`),
    "",
    `Steps marked ${CONFIRM_MARK} change the org. Before each one, tell me the exact call (tool and arguments) and wait for my explicit yes; if I say no, skip it and go on. Never retry a refused or failed change in another way.`,
    "",
    `Finish with: ${playbook.report}`,
  ];
  return {
    description: playbook.description,
    messages: [{ role: "user", content: { type: "text", text: lines.join("\n") } }],
  };
}

/** Trims values, rejects unknown or missing required arguments, and checks `hours` and `since`. */
function cleanArgs(playbook: Playbook, args: Args): Args {
  const known = new Set(playbook.arguments.map((a) => a.name));
  const values: Args = {};
  for (const [key, raw] of Object.entries(args ?? {})) {
    if (!known.has(key)) {
      throw new InvalidArgumentsError(`Prompt "${playbook.name}" has no argument "${key}" (its arguments: ${[...known].join(", ") || "none"}).`);
    }
    const value = raw?.trim();
    if (value) values[key] = value;
  }
  for (const arg of playbook.arguments) {
    if (arg.required && !values[arg.name]) {
      throw new InvalidArgumentsError(`Prompt "${playbook.name}" needs the argument "${arg.name}" (${arg.description}).`);
    }
  }
  if (values.hours !== undefined && !(/^\d+$/.test(values.hours) && Number(values.hours) >= 1 && Number(values.hours) <= MAX_HOURS)) {
    throw new InvalidArgumentsError(`Argument "hours" must be a whole number from 1 to ${MAX_HOURS} (got "${values.hours}").`);
  }
  if (values.since !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(values.since) || Number.isNaN(Date.parse(values.since)))) {
    throw new InvalidArgumentsError(`Argument "since" must be an ISO 8601 time such as 2026-06-01T00:00:00Z (got "${values.since}").`);
  }
  if (values.stale_days !== undefined && !/^\d{1,4}$/.test(values.stale_days)) {
    throw new InvalidArgumentsError(`Argument "stale_days" must be a whole number of days (got "${values.stale_days}").`);
  }
  return values;
}

function timeWindow(values: Args, now: Date, fallbackHours: number): TimeWindow {
  if (values.since) {
    const since = new Date(Date.parse(values.since)).toISOString();
    return { since, label: `since ${since}` };
  }
  const hours = values.hours ? Number(values.hours) : fallbackHours;
  return { since: new Date(now.getTime() - hours * 3_600_000).toISOString(), label: `in the last ${hours} hours` };
}
