// What a playbook is: a planner that reads the org's current state through the typed client and returns the steps
// that would bring the user to the playbook's end state, each one request to one allowlisted operation.
import type { HttpMethod } from "../tool-spec.js";
import type { OktaClient } from "../runtime/okta-client.js";

/** The user a playbook acts on, as read at planning time (Okta's fields are checked before use). */
export interface TargetUser {
  id: string;
  login: string;
  status: string;
}

/** An operation as the typed client names it: the method and the spec's path template. */
export interface Operation {
  method: HttpMethod;
  path: string;
}

/** The typed call's result, as openapi-fetch returns it (the engine reads Okta's request id from it). */
export interface StepCall {
  response: Response;
}

export interface PlannedStep {
  /** Unique within the plan, stable across plans of the same state (e.g. "remove_group:00g1"). */
  id: string;
  /** What it does, for people: "Suspend the user". */
  action: string;
  /** The exact object it acts on: "user ann@example.com (00u1)", "group Engineering (00g1)". */
  target: string;
  operation: Operation;
  /** Why the current state makes the step unnecessary or inapplicable; undefined = it is needed. */
  skip?: string;
  /** Why it cannot even be planned (a read it depends on lacks a scope); the step then shows as blocked. */
  blockedBy?: { scopes: string[]; reason: string };
  run(client: OktaClient): Promise<StepCall>;
}

export interface PlanningContext {
  client: OktaClient;
  user: TargetUser;
  /** The playbook's options, validated. */
  options: Record<string, unknown>;
  /** Whether the operation's scopes are granted (for optional reads while planning). */
  canCall(operation: Operation): boolean;
  /** The scopes an operation needs (from the allowlist). */
  scopesOf(operation: Operation): string[];
}

export interface PlaybookOption {
  /** JSON Schema of the option, as served in the tool's input schema. */
  schema: Record<string, unknown>;
  /** Checks a value; returns an error message, or undefined when valid. */
  check(value: unknown): string | undefined;
}

export type PlanFunction = (context: PlanningContext) => Promise<{ steps: PlannedStep[]; notes?: string[] }>;

/** What tools/list and argument checks need: light, loaded at start-up (the planner loads on the first run). */
export interface PlaybookInfo {
  name: string;
  title: string;
  /** One line for the tool description. */
  summary: string;
  /** Options beyond `user` (shared names across playbooks have one meaning). */
  options: Record<string, PlaybookOption>;
  required?: string[];
  /** Every operation a run may change the org with (listing: at least one must be granted). */
  writes: Operation[];
  loadPlan(): Promise<PlanFunction>;
}

export interface Playbook extends Omit<PlaybookInfo, "loadPlan"> {
  plan: PlanFunction;
}

export const op = (method: HttpMethod, path: string): Operation => ({ method, path });

/** "ann@example.com (00u1)". */
export const userLabel = (user: TargetUser) => `${user.login} (${user.id})`;
