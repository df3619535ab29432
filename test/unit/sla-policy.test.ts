import { describe, expect, it } from 'vitest';
import { chinaHolidays, workingCalendar } from '../../src/domain/calendar/index.ts';
import { nextCheck, pauseClock, readClock, resumeClock, startClock } from '../../src/domain/sla/clock.ts';
import { pickPolicy, type SlaPolicy } from '../../src/domain/sla/policy.ts';

const policy = (id: string, match: Partial<SlaPolicy['match']>, priority = 0, created = 0): SlaPolicy => ({
  id,
  name: id,
  match: { kind: null, channel: null, severity: null, respondentTenantId: null, ...match },
  priority,
  targets: { first_response: { amount: 1, unit: 'working_hours' } },
  onBreach: [],
  createdAt: new Date(created),
});
const facts = { kind: 'complaint', channel: 'hotline', severity: 3, respondentTenantId: 'm1' };

describe('SLA policy matching', () => {
  it('prefers the most specific matching policy, then priority, then the older one', () => {
    const any = policy('any', {});
    const complaints = policy('complaints', { kind: 'complaint' });
    const hotline3 = policy('hotline3', { channel: 'hotline', severity: 3 });
    const reviews = policy('reviews', { kind: 'bad_review', channel: 'hotline', severity: 3 });
    expect(pickPolicy([any, complaints, hotline3, reviews], facts)?.id).toBe('hotline3');
    expect(pickPolicy([any, complaints], facts)?.id).toBe('complaints');
    expect(pickPolicy([policy('a', {}, 0, 2), policy('b', {}, 5, 3)], facts)?.id).toBe('b');
    expect(pickPolicy([policy('new', {}, 0, 9), policy('old', {}, 0, 1)], facts)?.id).toBe('old');
    expect(pickPolicy([reviews], facts)).toBeNull();
  });
});

describe('SLA clock', () => {
  const cal = workingCalendar(chinaHolidays);
  const mon9 = new Date('2026-09-21T01:00:00Z');
  it('warns at 80 %, then checks the due time, and never once met', () => {
    const s = startClock(cal, { amount: 10, unit: 'working_hours' }, mon9);
    expect(s.dueAt).toEqual(new Date('2026-09-22T02:00:00Z')); // Tue 10:00
    expect(s.warnAt).toEqual(new Date('2026-09-21T09:00:00Z')); // Mon 17:00, 8 of 10 hours
    expect(nextCheck(s)).toEqual(s.warnAt);
    expect(nextCheck({ ...s, warnedAt: s.warnAt })).toEqual(s.dueAt);
    expect(nextCheck({ ...s, metAt: mon9 })).toBeNull();
  });
  it('calendar clocks count nights and weekends; paused time is not used', () => {
    const s = startClock(cal, { amount: 48, unit: 'calendar_hours' }, mon9);
    expect(s.dueAt).toEqual(new Date('2026-09-23T01:00:00Z'));
    const paused = pauseClock(cal, s, new Date('2026-09-21T13:00:00Z'));
    expect(readClock(cal, paused, new Date('2026-09-30T00:00:00Z'))).toMatchObject({
      paused: true,
      leftMinutes: 36 * 60,
    });
    const resumed = resumeClock(cal, paused, new Date('2026-09-25T00:00:00Z'));
    expect(resumed.dueAt).toEqual(new Date('2026-09-26T12:00:00Z'));
    expect(readClock(cal, resumed, new Date('2026-09-26T13:00:00Z'))).toMatchObject({
      breached: true,
      leftMinutes: -60,
    });
  });
});
