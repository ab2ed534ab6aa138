/**
 * The newsroom's clock: what a calendar day is, and when it starts, in a site's
 * IANA time zone (default Europe/Oslo), whatever zone the server or the
 * moderator's browser runs in. Shared by the stats' day buckets and the
 * workbench's dates (a moderator abroad, or a machine set to UTC, still sees
 * the newsroom's days). No dependencies: the browser bundle imports it.
 */
export const NEWSROOM_ZONE = 'Europe/Oslo';

const clocks = new Map<string, Intl.DateTimeFormat>();

function clock(zone: string): Intl.DateTimeFormat {
  let format = clocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (clocks.size < 64) clocks.set(zone, format);
  }
  return format;
}

/** Whether the runtime knows the zone (an IANA name such as Europe/Oslo). */
export function knownZone(zone: string): boolean {
  try {
    clock(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall clock at `at`: [year, month 1–12, day, hour, minute, second]. */
function wall(at: number, zone: string): number[] {
  const parts: Record<string, number> = {};
  for (const p of clock(zone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return [parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!];
}

/** The zone's offset from UTC at `at`, in milliseconds (Oslo: one hour in winter, two in summer). */
function offsetAt(at: number, zone: string): number {
  const [y, mo, d, h, mi, s] = wall(at, zone) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - (at - (((at % 1000) + 1000) % 1000));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day (YYYY-MM-DD) that `at` falls on in the zone. */
export function dayIn(at: number | Date, zone: string): string {
  const [y, mo, d] = wall(typeof at === 'number' ? at : at.getTime(), zone);
  return `${y}-${pad(mo!)}-${pad(d!)}`;
}

/** The instant (ms) a calendar day (YYYY-MM-DD), `plusDays` later, starts in the zone. */
export function dayStartIn(day: string, zone: string, plusDays = 0): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d + plusDays);
  // The offset at the guess, then at the instant it gives (a DST change near midnight).
  const guess = midnight - offsetAt(midnight, zone);
  return midnight - offsetAt(guess, zone);
}
