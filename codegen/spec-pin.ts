// The pinned Okta management spec: which release, which bytes, and where to find the file.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, mkdirSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { CodegenError } from "./errors.js";

export interface SpecPin {
  release: string;
  sha256: string;
  url: string;
}

export function readPin(repoRoot: string): SpecPin {
  const file = join(repoRoot, "specs", "pin.json");
  let pin: SpecPin;
  try {
    pin = JSON.parse(readFileSync(file, "utf8")) as SpecPin;
  } catch (cause) {
    throw new CodegenError(`cannot read the spec pin ${file}`, "restore specs/pin.json from git", { cause });
  }
  if (!pin.release || !/^[0-9a-f]{64}$/.test(pin.sha256) || !pin.url) {
    throw new CodegenError(`spec pin ${file} lacks release, sha256 or url`, "restore specs/pin.json from git");
  }
  return pin;
}

export function sha256Of(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Where `spec:pull` puts the spec (git-ignored). */
export function pulledSpecPath(repoRoot: string, pin: SpecPin): string {
  return join(repoRoot, "specs", `okta-management-${pin.release}.yaml`);
}

export interface ResolvedSpec {
  path: string;
  /** false when the caller named the file with --spec: the pin is not checked. */
  pinned: boolean;
}

/** --spec wins; otherwise the file `spec:pull` put in specs/. Nothing outside the repository is searched. */
export function resolveSpecPath(repoRoot: string, pin: SpecPin, explicit?: string): ResolvedSpec {
  if (explicit) {
    if (!existsSync(explicit)) throw new CodegenError(`spec file ${explicit} does not exist`, "check the --spec path");
    return { path: explicit, pinned: false };
  }
  const pulled = pulledSpecPath(repoRoot, pin);
  if (existsSync(pulled)) return { path: pulled, pinned: true };
  throw new CodegenError(
    `no Okta management spec ${pin.release} found in specs/`,
    "run `npm run spec:pull` (or `npm run spec:pull -- --from FILE` with a local copy), or pass --spec FILE",
  );
}

export function verifyPinnedBytes(
  bytes: Buffer,
  pin: SpecPin,
  path: string,
  fix = "run `npm run spec:pull` to fetch the pinned release, or pass --spec FILE to generate from another file",
): void {
  const actual = sha256Of(bytes);
  if (actual !== pin.sha256) {
    throw new CodegenError(`spec ${path} has sha256 ${actual}, but specs/pin.json pins ${pin.release} at ${pin.sha256}`, fix);
  }
}

/** The bytes at `url`; `fixOnHttpError` is the advice when the server answers with an error status. */
export async function download(url: string, fetchImpl: typeof fetch, fixOnHttpError: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (cause) {
    throw new CodegenError(`cannot download ${url}`, "check the network, or use --from PATH with a local copy", { cause });
  }
  if (!response.ok) throw new CodegenError(`download of ${url} failed with HTTP ${response.status}`, fixOnHttpError);
  return Buffer.from(await response.arrayBuffer());
}

/** Fetches (or copies with `from`) the pinned spec, checks its hash, then moves it into place atomically. */
export async function pullSpec(
  repoRoot: string,
  options: { from?: string; fetchImpl?: typeof fetch } = {},
): Promise<string> {
  const pin = readPin(repoRoot);
  let bytes: Buffer;
  if (options.from) {
    if (!existsSync(options.from)) throw new CodegenError(`file ${options.from} does not exist`, "check the --from path");
    bytes = readFileSync(options.from);
  } else {
    bytes = await download(pin.url, options.fetchImpl ?? fetch, "use --from PATH with a local copy");
  }
  const target = pulledSpecPath(repoRoot, pin);
  verifyPinnedBytes(bytes, pin, options.from ?? pin.url, `pull the file of release ${pin.release}, or change specs/pin.json deliberately`);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, target);
  return target;
}
