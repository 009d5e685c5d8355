// CPU time, which a busy neighbour does not inflate the way it inflates wall time: another process's
// from /proc/<pid>/stat (utime + stime, in USER_HZ = 100 ticks per second on Linux), ours from Node.
import { readFileSync } from "node:fs";

/** CPU ms used so far by process `pid` (10 ms resolution), or NaN when unreadable. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 overall.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** CPU ms used so far by this process (µs resolution). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
