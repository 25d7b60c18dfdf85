/**
 * When notices may go out: `Mon-Fri 09:00-17:00 Europe/Amsterdam` — days, a
 * local time window and an IANA time zone. A notice due outside the window
 * waits for its next opening.
 */
export interface SendingHours {
  /** Days of the week, 0 = Sunday … 6 = Saturday. */
  days: ReadonlySet<number>;
  /** Minutes after local midnight: from (inclusive) and until (exclusive). */
  from: number;
  until: number;
  timeZone: string;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const PATTERN = /^([A-Za-z]{3})(?:-([A-Za-z]{3}))?\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})\s+(\S+)$/;

/** The sending hours a setting describes, or a sentence saying what is wrong with it. */
export function parseSendingHours(text: string): SendingHours | string {
  const match = PATTERN.exec(text.trim());
  if (!match) return 'must look like Mon-Fri 09:00-17:00 Europe/Amsterdam';
  const [, first, last = first, fromH, fromM, untilH, untilM, timeZone] = match as unknown as string[];
  const start = dayIndex(first!);
  const end = dayIndex(last!);
  if (start < 0 || end < 0) return `days are written ${DAY_NAMES.join(', ')}`;
  const from = Number(fromH) * 60 + Number(fromM);
  const until = Number(untilH) * 60 + Number(untilM);
  if (Number(fromM) > 59 || Number(untilM) > 59 || until > 24 * 60 || from >= until) return 'the window is HH:MM-HH:MM, the first before the second';
  if (!isTimeZone(timeZone!)) return `${timeZone} is not an IANA time zone such as Europe/Amsterdam`;
  const days = new Set<number>();
  for (let day = start; ; day = (day + 1) % 7) {
    days.add(day);
    if (day === end) break;
  }
  return { days, from, until, timeZone: timeZone! };
}

function dayIndex(name: string): number {
  return DAY_NAMES.findIndex((day) => day.toLowerCase() === name.toLowerCase());
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Day of the week and minutes after midnight of an instant in a time zone. */
function localTime(at: Date, timeZone: string): { day: number; minutes: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return { day: dayIndex(parts.weekday!), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const MINUTE = 60_000;

/** The first instant at or after `at` inside the sending hours (`at` itself when there are none). */
export function nextSendingTime(at: Date, hours: SendingHours | undefined): Date {
  if (!hours) return at;
  let candidate = at;
  // Each step lands on a window's opening or the next local midnight; a week and DST shifts take a few dozen.
  for (let step = 0; step < 64; step += 1) {
    const { day, minutes } = localTime(candidate, hours.timeZone);
    if (hours.days.has(day) && minutes >= hours.from && minutes < hours.until) return candidate;
    const wait = hours.days.has(day) && minutes < hours.from ? hours.from - minutes : 24 * 60 - minutes;
    candidate = new Date(Math.floor(candidate.getTime() / MINUTE) * MINUTE + wait * MINUTE);
  }
  throw new Error('sending hours never open');
}
