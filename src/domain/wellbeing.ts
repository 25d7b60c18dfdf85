/**
 * Analysts' exposure to harmful material is counted and limited. The limits are
 * each analyst's own, within bounds a hotline sets; the counters are theirs too,
 * and a supervisor sees only team totals.
 */
export interface WellbeingSettings {
  /** Items opened per day after which the workbench asks the analyst to stop for the day. */
  dailyItemLimit: number;
  /** Minutes of continuous work on items after which the workbench suggests a break. */
  breakAfterMinutes: number;
  /** Longest side of a media preview, in pixels. */
  previewSize: number;
  /** Previews drawn in shades of grey. */
  previewGreyscale: boolean;
  /** Previews blurred so that shapes, not details, show. */
  previewBlur: boolean;
}

export const DEFAULT_WELLBEING: WellbeingSettings = {
  dailyItemLimit: 60,
  breakAfterMinutes: 50,
  previewSize: 160,
  previewGreyscale: true,
  previewBlur: true,
};

type NumberSetting = 'dailyItemLimit' | 'breakAfterMinutes' | 'previewSize';
type FlagSetting = Exclude<keyof WellbeingSettings, NumberSetting>;

export const WELLBEING_BOUNDS: Record<NumberSetting, { min: number; max: number }> = {
  dailyItemLimit: { min: 1, max: 500 },
  breakAfterMinutes: { min: 5, max: 240 },
  previewSize: { min: 64, max: 480 },
};

export const WELLBEING_FLAGS: readonly FlagSetting[] = ['previewGreyscale', 'previewBlur'];

export interface Exposure {
  itemsViewed: number;
  secondsViewed: number;
  /** Seconds of work on items since the last pause of more than a few minutes. */
  secondsSinceBreak: number;
  /** Captured images and videos revealed in the viewer. */
  mediaRevealed: number;
}

export type ExposureAdvice = 'none' | 'take_a_break' | 'daily_limit_reached';

export function adviceFor(exposure: Exposure, settings: WellbeingSettings): ExposureAdvice {
  if (exposure.itemsViewed >= settings.dailyItemLimit) return 'daily_limit_reached';
  if (exposure.secondsSinceBreak >= settings.breakAfterMinutes * 60) return 'take_a_break';
  return 'none';
}

const FLAG_VALUES: Record<string, boolean> = { true: true, yes: true, on: true, false: false, no: false, off: false };

/**
 * Settings from a form or stored JSON: each number whole and within its bounds,
 * each switch yes or no; a value left out keeps its default, a wrong one is named.
 */
export function readWellbeing(raw: Record<string, unknown> | null | undefined): { settings: WellbeingSettings; invalid: (keyof WellbeingSettings)[] } {
  const invalid: (keyof WellbeingSettings)[] = [];
  const settings = { ...DEFAULT_WELLBEING };
  const given = (key: keyof WellbeingSettings) => {
    const value = raw?.[key];
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  for (const key of Object.keys(WELLBEING_BOUNDS) as NumberSetting[]) {
    const value = given(key);
    if (value === undefined) continue;
    const number = Number(value);
    const { min, max } = WELLBEING_BOUNDS[key];
    if (Number.isInteger(number) && number >= min && number <= max) settings[key] = number;
    else invalid.push(key);
  }
  for (const key of WELLBEING_FLAGS) {
    const value = given(key);
    if (value === undefined) continue;
    const flag = FLAG_VALUES[value.toLowerCase()];
    if (flag === undefined) invalid.push(key);
    else settings[key] = flag;
  }
  return { settings, invalid };
}

/** A pause longer than this ends a stretch of continuous work. */
export const BREAK_GAP_SECONDS = 5 * 60;
/** A heartbeat from an open item page counts at most this much viewing time. */
export const HEARTBEAT_SECONDS = 60;

export interface ExposureRecord {
  secondsViewed: number;
  secondsSinceBreak: number;
  lastActivityAt: Date;
}

/**
 * The counters after an item is opened ('view') or an open item page reports
 * it is still being looked at ('heartbeat'). Time counts only up to one
 * heartbeat's worth since the last activity, so a page left open overnight
 * adds a minute, not a night; a long pause starts a new stretch.
 */
export function afterActivity(previous: ExposureRecord | undefined, now: Date, kind: 'view' | 'heartbeat'): ExposureRecord {
  const gapSeconds = previous ? Math.max(0, (now.getTime() - previous.lastActivityAt.getTime()) / 1000) : Infinity;
  const rested = gapSeconds > BREAK_GAP_SECONDS;
  const added = kind === 'heartbeat' && !rested ? Math.round(Math.min(gapSeconds, HEARTBEAT_SECONDS)) : 0;
  return {
    secondsViewed: (previous?.secondsViewed ?? 0) + added,
    secondsSinceBreak: (rested ? 0 : (previous?.secondsSinceBreak ?? 0)) + added,
    lastActivityAt: now,
  };
}
