// Resident memory of another process, as the kernel reports it (VmRSS, kB) — no sampling inside the server.
import { readFileSync } from "node:fs";

/** RSS in MiB, or NaN when the process is gone or /proc is not available. */
export function readRssMiB(pid: number | null | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
