// The generator is timed with --out <temp dir>, but a run may still write into the working tree (e.g. the
// all-operations allowlist). This snapshots the folders it could touch and reports any file that changed
// during a run. It does not put files back: someone else may be regenerating in the same tree, and
// reverting that work would be worse than reporting the change.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

export interface TreeGuard {
  /** Files (relative to the root) created, changed or removed since the snapshot. */
  changed(): string[];
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

export function guardTree(root: string, folders: string[]): TreeGuard {
  const snapshot = (): Map<string, Buffer> => {
    const files = new Map<string, Buffer>();
    for (const folder of folders) for (const file of listFiles(join(root, folder))) files.set(file, readFileSync(file));
    return files;
  };
  const before = snapshot();
  return {
    changed() {
      const after = snapshot();
      const paths = new Set([...before.keys(), ...after.keys()]);
      return [...paths].filter((p) => !before.get(p)?.equals(after.get(p) ?? Buffer.alloc(0)) || !after.has(p)).map((p) => relative(root, p));
    },
  };
}
