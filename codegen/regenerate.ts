// The maintainers' workflow when Okta ships a spec release: fetch it, show what changes for our tools,
// move the pin, regenerate both tables and the README table, and run the tests.
// The pin moves only after the new file's hash is known, and it is written before generating so that
// `generate --check` in CI agrees with what was committed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { diffSpecs, formatDiff } from "./diff.js";
import { CodegenError } from "./errors.js";
import { download, pulledSpecPath, readPin, resolveSpecPath, sha256Of, type SpecPin } from "./spec-pin.js";

export interface RegenerateOptions {
  repoRoot: string;
  release: string;
  /** A local copy of the release instead of downloading it. */
  from?: string;
  /** Skip `npm test` (for a quick look at the diff and the regenerated output). */
  skipTests?: boolean;
  fetchImpl?: typeof fetch;
  log: (message: string) => void;
}

const RELEASE = /^\d{4}\.\d{2}\.\d+$/;

/** Upstream URL of a release, following the pinned URL's layout. */
function releaseUrl(pin: SpecPin, release: string): string {
  return pin.url.replace(`/${pin.release}/`, `/${release}/`);
}

function run(repoRoot: string, args: string[], log: (message: string) => void): void {
  log(`$ npm ${args.join(" ")}`);
  const result = spawnSync("npm", args, { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new CodegenError(`npm ${args.join(" ")} failed (exit ${result.status})`, "fix what it printed above; the pin already names the new release");
}

/** Returns true when the diff found breaking changes (the caller decides the exit code). */
export async function regenerate(options: RegenerateOptions): Promise<boolean> {
  const { repoRoot, release, log } = options;
  if (!RELEASE.test(release)) throw new CodegenError(`release "${release}" is not of the form YYYY.MM.N`, "e.g. --release 2026.07.0");
  const oldPin = readPin(repoRoot);
  const oldSpec = resolveSpecPath(repoRoot, oldPin).path;
  const url = releaseUrl(oldPin, release);

  const bytes = options.from ? readFileSync(options.from) : await download(url, options.fetchImpl ?? fetch, "check the release name, or pass --from PATH");
  const newPin: SpecPin = { release, sha256: sha256Of(bytes), url };
  const newSpec = pulledSpecPath(repoRoot, newPin);
  if (!existsSync(newSpec) || sha256Of(readFileSync(newSpec)) !== newPin.sha256) {
    mkdirSync(dirname(newSpec), { recursive: true });
    writeFileSync(`${newSpec}.tmp`, bytes);
    renameSync(`${newSpec}.tmp`, newSpec);
  }

  log(`spec:diff ${oldPin.release} → ${release}`);
  const report = diffSpecs({ repoRoot, oldSpec, newSpec });
  process.stdout.write(formatDiff(report));

  const pinFile = join(repoRoot, "specs", "pin.json");
  writeFileSync(pinFile, `${JSON.stringify(newPin, null, 2)}\n`);
  log(`specs/pin.json now pins ${release} (sha256 ${newPin.sha256})`);

  run(repoRoot, ["run", "--silent", "generate"], log);
  run(repoRoot, ["run", "--silent", "docs:table"], log);
  if (!options.skipTests) run(repoRoot, ["test"], log);
  log(report.breaking ? "done, with BREAKING changes for allowlisted tools: review the diff above before merging" : "done: no breaking changes for allowlisted tools");
  return report.breaking;
}
