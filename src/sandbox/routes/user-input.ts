// Validation of user bodies as Okta's default user schema and default password policy apply them.

import { alreadyExists, validationFailed } from "../okta-error.js";
import { isObject } from "../reply.js";
import type { JsonObject, OktaUser, OrgState } from "../state.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REQUIRED = ["login", "email", "firstName", "lastName"] as const;

export function findUser(state: OrgState, idOrLogin: string): OktaUser | undefined {
  const byId = state.users.get(idOrLogin);
  if (byId) return byId;
  const login = idOrLogin.toLowerCase();
  return state.users.find((u) => String(u.profile.login).toLowerCase() === login);
}

/** Checks a full profile (create, replace) or a partial one (update). Throws E0000001 on the first problem. */
export function validateProfile(state: OrgState, profile: unknown, options: { partial: boolean; userId?: string }): JsonObject {
  if (!isObject(profile)) {
    if (options.partial && profile === undefined) return {};
    throw validationFailed("profile", "The field cannot be left blank");
  }
  for (const field of REQUIRED) {
    const value = profile[field];
    const present = typeof value === "string" && value.trim() !== "";
    if (!present && (!options.partial || field in profile)) throw validationFailed(field, "The field cannot be left blank");
  }
  if (typeof profile.login === "string") {
    if (!EMAIL.test(profile.login)) throw validationFailed("login", "Username must be in the form of an email address");
    const clash = findUser(state, profile.login);
    if (clash && clash.id !== options.userId) throw alreadyExists("login");
  }
  if (typeof profile.email === "string" && !EMAIL.test(profile.email)) throw validationFailed("email", "Does not match required pattern");
  if (typeof profile.secondEmail === "string" && profile.secondEmail !== "" && !EMAIL.test(profile.secondEmail)) {
    throw validationFailed("secondEmail", "Does not match required pattern");
  }
  return profile;
}

/** The password in a credentials object, validated against the default policy; undefined when none is given. */
export function passwordFrom(credentials: unknown, login: string): string | undefined {
  if (!isObject(credentials) || !isObject(credentials.password)) return undefined;
  const value = credentials.password.value;
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw validationFailed("password", "Password must be a string");
  const username = login.split("@")[0].toLowerCase();
  const meets = value.length >= 8 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value) && !value.toLowerCase().includes(username);
  if (!meets) {
    throw validationFailed(
      "password",
      "Password requirements were not met. Password requirements: at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of your username.",
    );
  }
  return value;
}

/** Stored credentials: never the secret itself, only that it exists (as Okta returns it). */
export function storedCredentials(credentials: unknown, login: string, hasPassword: boolean): JsonObject {
  const question = isObject(credentials) && isObject(credentials.recovery_question) ? credentials.recovery_question.question : undefined;
  return {
    ...(hasPassword ? { password: {} } : {}),
    emails: [{ value: login, status: "VERIFIED", type: "PRIMARY" }],
    ...(typeof question === "string" ? { recovery_question: { question } } : {}),
    provider: { type: "OKTA", name: "OKTA" },
  };
}
