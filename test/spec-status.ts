// Whether the pinned Okta spec is in specs/ (put there by `npm run spec:pull`). Tests that need it skip without it;
// the global setup prints SPEC_SKIP_NOTICE once, naming the command that makes them run.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pulledSpecPath, readPin } from "../codegen/spec-pin.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const pinnedSpec = pulledSpecPath(repoRoot, readPin(repoRoot));
export const hasPinnedSpec = existsSync(pinnedSpec);

export const SPEC_SKIP_NOTICE =
  "full-spec tests skipped: no Okta spec in specs/ (run `npm run spec:pull` to download the pinned release, " +
  "or `npm run spec:pull -- --from FILE` with a local copy of it)";
