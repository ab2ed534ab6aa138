import { readdirSync, readFileSync } from 'node:fs';

/**
 * The embedded database's process (a child of this one, on the jongodb lane), so that its own
 * CPU can be told apart from ours: on this lane it is most of a write's cost. Null when there is
 * none to see (MONGODB_URI, or a mongod started elsewhere).
 */
export function findDatabasePid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && command.includes('jongodb')) return Number(entry);
    } catch {
      // gone meanwhile, or not readable
    }
  }
  return null;
}

/**
 * CPU (user + system) of a process so far, in ms, threads that ended included; 0 when it is not
 * ours to see. Clock ticks of 10 ms: measure windows of at least ~100 ms of it.
 */
export function processCpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
