// Runs once before the suite: says, in one line, which tests skip and how to make them run.
import { hasPinnedSpec, SPEC_SKIP_NOTICE } from "../spec-status.js";

export default function setup(): void {
  if (!hasPinnedSpec) process.stdout.write(`\n${SPEC_SKIP_NOTICE}\n\n`);
}
