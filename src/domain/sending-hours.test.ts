import { describe, expect, it } from 'vitest';
import { nextSendingTime, parseSendingHours, type SendingHours } from './sending-hours.js';

const officeHours = parseSendingHours('Mon-Fri 09:00-17:00 Europe/Amsterdam') as SendingHours;

describe('sending hours', () => {
  it('reads days, a window and a time zone', () => {
    expect(officeHours.days).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(officeHours.from).toBe(540);
    expect(officeHours.until).toBe(1020);
    expect(officeHours.timeZone).toBe('Europe/Amsterdam');
  });

  it('reads a week that wraps and a single day', () => {
    expect((parseSendingHours('Sat-Mon 10:00-12:00 UTC') as SendingHours).days).toEqual(new Set([6, 0, 1]));
    expect((parseSendingHours('wed 00:00-24:00 UTC') as SendingHours).days).toEqual(new Set([3]));
  });

  it.each(['Mon-Fri', 'Mon-Fri 9-17 Europe/Amsterdam', 'Mon-Xyz 09:00-17:00 UTC', 'Mon-Fri 17:00-09:00 UTC', 'Mon-Fri 09:00-17:00 Mars/Olympus', 'Mon-Fri 09:75-17:00 UTC'])(
    'says what is wrong with %j',
    (text) => {
      expect(typeof parseSendingHours(text)).toBe('string');
    },
  );

  it('lets a notice due inside the window go at once', () => {
    const wednesdayNoon = new Date('2026-11-25T11:00:00Z'); // 12:00 in Amsterdam
    expect(nextSendingTime(wednesdayNoon, officeHours)).toEqual(wednesdayNoon);
  });

  it('holds a notice due in the evening until the next morning', () => {
    expect(nextSendingTime(new Date('2026-11-25T18:30:00Z'), officeHours)).toEqual(new Date('2026-11-26T08:00:00Z'));
  });

  it('holds a notice due early in the morning until the window opens that day', () => {
    expect(nextSendingTime(new Date('2026-11-25T05:12:00Z'), officeHours)).toEqual(new Date('2026-11-25T08:00:00Z'));
  });

  it('holds a notice due on Friday evening until Monday morning', () => {
    expect(nextSendingTime(new Date('2026-11-27T16:00:00Z'), officeHours)).toEqual(new Date('2026-11-30T08:00:00Z'));
  });

  it('follows summer time', () => {
    expect(nextSendingTime(new Date('2026-07-04T12:00:00Z'), officeHours)).toEqual(new Date('2026-07-06T07:00:00Z'));
  });

  it('sends at once without sending hours', () => {
    const at = new Date('2026-11-28T03:00:00Z');
    expect(nextSendingTime(at, undefined)).toBe(at);
  });
});
