import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaHolidays, workingCalendar } from '../../src/domain/calendar/index.ts';
import { contactRegion, regionOfAddress, regionOfPhone } from '../../src/domain/contact-region.ts';
import {
  adviseContactTiming,
  type ContactTimingSettings,
  callWarnings,
  contactSettingsProblem,
  defaultContactTimingSettings,
  localParts,
} from '../../src/domain/contact-timing.ts';

const cst = (local: string) => new Date(`${local}+08:00`);
const settings = (over: Partial<ContactTimingSettings> = {}) => ({ ...defaultContactTimingSettings, ...over });
const calendar = workingCalendar(chinaHolidays);

describe('the complainant’s region', () => {
  it('reads major mainland area codes, with or without +86 and separators', () => {
    expect(regionOfPhone('010-62345678')).toMatchObject({ source: 'area_code', name: '北京', code: '010' });
    expect(regionOfPhone('021 5555 1234')).toMatchObject({ name: '上海', code: '021' });
    expect(regionOfPhone('(020)87654321')).toMatchObject({ name: '广州', code: '020' });
    expect(regionOfPhone('0755-86001234')).toMatchObject({ name: '深圳', code: '0755', timeZone: 'Asia/Shanghai' });
    expect(regionOfPhone('+86 755 8600 1234')).toMatchObject({ name: '深圳', code: '0755' });
    expect(regionOfPhone('0086-10-62345678')).toMatchObject({ name: '北京' });
  });
  it('keeps an unknown mainland code in mainland China, and Xinjiang on 新疆时间', () => {
    expect(regionOfPhone('0354-1234567')).toMatchObject({ name: null, code: '0354', country: 'CN' });
    expect(regionOfPhone('0991-1234567')).toMatchObject({ name: '乌鲁木齐', timeZone: 'Asia/Urumqi' });
  });
  it('gives mainland mobile numbers no region, so the tenant default applies', () => {
    expect(regionOfPhone('13812345678')).toBeNull();
    expect(regionOfPhone('+86 138 1234 5678')).toBeNull();
    expect(contactRegion('13812345678', null, 'Asia/Shanghai')).toMatchObject({
      source: 'default',
      timeZone: 'Asia/Shanghai',
      country: 'CN',
    });
  });
  it('maps country codes to a time zone', () => {
    expect(regionOfPhone('+852 2345 6789')).toMatchObject({
      source: 'country_code',
      code: '+852',
      timeZone: 'Asia/Hong_Kong',
    });
    expect(regionOfPhone('+853 2888 1234')).toMatchObject({ timeZone: 'Asia/Macau' });
    expect(regionOfPhone('+886 2 2345 6789')).toMatchObject({ timeZone: 'Asia/Taipei' });
    expect(regionOfPhone('+81 3-1234-5678')).toMatchObject({ name: '日本', timeZone: 'Asia/Tokyo' });
    expect(regionOfPhone('+1 212 555 0100')).toMatchObject({ code: '+1', timeZone: 'America/New_York' });
    expect(regionOfPhone('+999 1234')).toBeNull();
  });
  it('reads the province an address begins with; the phone wins when it tells a region', () => {
    expect(regionOfAddress('广东省深圳市南山区科技园')).toMatchObject({
      source: 'address',
      name: '广东',
      country: 'CN',
    });
    expect(regionOfAddress('中国新疆乌鲁木齐市天山区')).toMatchObject({ name: '新疆', timeZone: 'Asia/Urumqi' });
    expect(regionOfAddress('香港九龙弥敦道')).toMatchObject({ timeZone: 'Asia/Hong_Kong' });
    expect(regionOfAddress('somewhere')).toBeNull();
    expect(contactRegion('13812345678', '新疆喀什', 'Asia/Shanghai').timeZone).toBe('Asia/Urumqi');
    expect(contactRegion('021-55551234', '新疆喀什', 'Asia/Shanghai').name).toBe('上海');
  });
});

describe('when to call', () => {
  it('allows a call inside 09:00–21:00 local and says so', () => {
    const a = adviseContactTiming({
      now: cst('2026-11-18T10:30'),
      phone: '13812345678',
      settings: settings(),
      outboundCalls: [],
    });
    expect(a).toMatchObject({
      allowedNow: true,
      reason: 'WITHIN_CALLING_HOURS',
      timeZone: 'Asia/Shanghai',
      localTime: '10:30',
    });
    expect(a.nextWindowStart.toISOString()).toBe(cst('2026-11-18T10:30').toISOString());
  });
  it('before 09:00 suggests 09:00 the same day; at 21:00 it suggests 09:00 the next day', () => {
    const early = adviseContactTiming({ now: cst('2026-11-18T07:15'), settings: settings(), outboundCalls: [] });
    expect(early).toMatchObject({ allowedNow: false, reason: 'BEFORE_CALLING_HOURS' });
    expect(early.nextWindowStart.toISOString()).toBe(cst('2026-11-18T09:00').toISOString());
    const late = adviseContactTiming({ now: cst('2026-11-18T21:00'), settings: settings(), outboundCalls: [] });
    expect(late).toMatchObject({ allowedNow: false, reason: 'AFTER_CALLING_HOURS' });
    expect(late.nextWindowStart.toISOString()).toBe(cst('2026-11-19T09:00').toISOString());
  });
  it('uses the complainant’s clock: 20:30 in Beijing is 21:30 in Tokyo', () => {
    const a = adviseContactTiming({
      now: cst('2026-11-18T20:30'),
      phone: '+81 3 1234 5678',
      settings: settings(),
      outboundCalls: [],
    });
    expect(a).toMatchObject({
      allowedNow: false,
      reason: 'AFTER_CALLING_HOURS',
      localTime: '21:30',
      timeZone: 'Asia/Tokyo',
    });
    expect(a.nextWindowStart.toISOString()).toBe('2026-11-19T00:00:00.000Z'); // 09:00 in Tokyo
    const urumqi = adviseContactTiming({
      now: cst('2026-11-18T10:00'),
      phone: '0991-1234567',
      settings: settings(),
      outboundCalls: [],
    });
    expect(urumqi).toMatchObject({ allowedNow: false, localTime: '08:00' });
  });
  it('stops at the daily limit and resumes the next local day', () => {
    const calls = [cst('2026-11-18T09:10'), cst('2026-11-18T11:00'), cst('2026-11-18T15:00'), cst('2026-11-17T15:00')];
    const a = adviseContactTiming({ now: cst('2026-11-18T16:00'), settings: settings(), outboundCalls: calls });
    expect(a).toMatchObject({
      allowedNow: false,
      reason: 'DAILY_CALL_LIMIT_REACHED',
      callsToday: 3,
      maxCallsPerDay: 3,
    });
    expect(a.nextWindowStart.toISOString()).toBe(cst('2026-11-19T09:00').toISOString());
    const four = adviseContactTiming({
      now: cst('2026-11-18T16:00'),
      settings: settings({ maxCallsPerDay: 4 }),
      outboundCalls: calls,
    });
    expect(four.allowedNow).toBe(true);
  });
  it('on working days only, skips the National Day holiday and calls on the 调休 Saturday', () => {
    // 2026: 10-01..10-07 off (国庆), 2026-10-10 (Saturday) is a make-up working day per holiday-cn.
    const s = settings({ workingDaysOnly: true });
    const a = adviseContactTiming({ now: cst('2026-10-02T10:00'), settings: s, outboundCalls: [], calendar });
    expect(a).toMatchObject({ allowedNow: false, reason: 'NON_WORKING_DAY' });
    expect(a.nextWindowStart.toISOString()).toBe(cst('2026-10-08T09:00').toISOString());
    const makeUp = adviseContactTiming({ now: cst('2026-10-10T10:00'), settings: s, outboundCalls: [], calendar });
    expect(makeUp.allowedNow).toBe(true);
    const weekend = adviseContactTiming({ now: cst('2026-11-21T10:00'), settings: s, outboundCalls: [], calendar });
    expect(weekend.nextWindowStart.toISOString()).toBe(cst('2026-11-23T09:00').toISOString());
    expect(
      adviseContactTiming({ now: cst('2026-11-21T10:00'), settings: settings(), outboundCalls: [] }).allowedNow,
    ).toBe(true);
  });
  it('caps a stored window at 21:00 and refuses to configure one past it', () => {
    expect(contactSettingsProblem(settings({ windowEnd: 22 * 60 }))).toBe('no calls after 21:00');
    expect(contactSettingsProblem(settings({ windowStart: 600, windowEnd: 540 }))).toMatch(/before/);
    expect(contactSettingsProblem(settings({ maxCallsPerDay: 0 }))).toMatch(/1–20/);
    expect(contactSettingsProblem(settings({ defaultTimeZone: 'Mars/Olympus' }))).toBe('unknown time zone');
    expect(contactSettingsProblem(settings({ windowStart: 600, windowEnd: 1200 }))).toBeNull();
    const a = adviseContactTiming({
      now: cst('2026-11-18T21:30'),
      settings: settings({ windowEnd: 23 * 60 }),
      outboundCalls: [],
    });
    expect(a.allowedNow).toBe(false);
  });
});

describe('warnings on a logged call', () => {
  const base = { settings: settings(), phone: '13812345678' };
  it('warns about an outbound call after 21:00 and over the limit; never about an inbound one', () => {
    expect(
      callWarnings({ ...base, startedAt: cst('2026-11-18T21:05'), direction: 'outbound', earlierOutbound: [] }),
    ).toEqual(['OUTSIDE_CALLING_HOURS']);
    const three = [cst('2026-11-18T09:10'), cst('2026-11-18T10:00'), cst('2026-11-18T11:00')];
    expect(
      callWarnings({ ...base, startedAt: cst('2026-11-18T12:00'), direction: 'outbound', earlierOutbound: three }),
    ).toEqual(['DAILY_CALL_LIMIT_REACHED']);
    expect(
      callWarnings({ ...base, startedAt: cst('2026-11-18T23:00'), direction: 'inbound', earlierOutbound: three }),
    ).toEqual([]);
    expect(
      callWarnings({ ...base, startedAt: cst('2026-11-18T12:00'), direction: 'outbound', earlierOutbound: [] }),
    ).toEqual([]);
  });
});

describe('properties', () => {
  const zones = [
    '13812345678',
    '010-62345678',
    '0991-1234567',
    '+81 3 1234 5678',
    '+1 212 555 0100',
    '+44 20 7946 0000',
    '+852 2345 6789',
  ];
  const arb = fc.record({
    now: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) }),
    phone: fc.constantFrom(...zones),
    start: fc.integer({ min: 0, max: 1200 }),
    length: fc.integer({ min: 1, max: 1260 }),
    max: fc.integer({ min: 1, max: 5 }),
    workingDaysOnly: fc.boolean(),
    calls: fc.array(fc.integer({ min: -3 * 86_400_000, max: 0 }), { maxLength: 8 }),
  });
  type P = typeof arb extends fc.Arbitrary<infer T> ? T : never;
  const run = (p: P) => {
    const s = settings({
      windowStart: p.start,
      windowEnd: Math.min(1260, p.start + p.length),
      maxCallsPerDay: p.max,
      workingDaysOnly: p.workingDaysOnly,
    });
    const now = new Date(p.now);
    const outboundCalls = p.calls.map((d) => new Date(p.now + d));
    return {
      s,
      now,
      outboundCalls,
      a: adviseContactTiming({ now, phone: p.phone, settings: s, outboundCalls, calendar }),
    };
  };

  it('never suggests a time after 21:00 local, nor before the window, nor in the past', () => {
    fc.assert(
      fc.property(arb, (p) => {
        const { s, now, a } = run(p);
        const local = localParts(a.timeZone, a.nextWindowStart.getTime());
        expect(local.minutes).toBeLessThan(21 * 60);
        expect(local.minutes).toBeGreaterThanOrEqual(Math.min(s.windowStart, s.windowEnd - 1));
        expect(local.minutes).toBeLessThan(s.windowEnd);
        expect(a.nextWindowStart.getTime()).toBeGreaterThanOrEqual(now.getTime());
        if (a.allowedNow) expect(a.nextWindowStart.getTime()).toBe(now.getTime());
      }),
      { numRuns: 400 },
    );
  });
  it('never allows more than N calls on a local day: at the limit the next window is another day', () => {
    fc.assert(
      fc.property(arb, (p) => {
        const { s, now, outboundCalls, a } = run(p);
        const today = localParts(a.timeZone, now.getTime()).date;
        const made = outboundCalls.filter((c) => localParts(a.timeZone, c.getTime()).date === today).length;
        expect(a.callsToday).toBe(made);
        if (made >= s.maxCallsPerDay) {
          expect(a.allowedNow).toBe(false);
          expect(localParts(a.timeZone, a.nextWindowStart.getTime()).date > today).toBe(true);
        }
        // Following the advice, call by call, never exceeds N on the day it calls.
        if (a.allowedNow) expect(made + 1).toBeLessThanOrEqual(s.maxCallsPerDay);
      }),
      { numRuns: 400 },
    );
  });
  it('a call at the suggested time raises no warning', () => {
    fc.assert(
      fc.property(arb, (p) => {
        const { s, outboundCalls, a } = run(p);
        const earlier = a.allowedNow ? outboundCalls : [];
        const w = callWarnings({
          phone: p.phone,
          settings: s,
          calendar,
          startedAt: a.nextWindowStart,
          direction: 'outbound',
          earlierOutbound: earlier,
        });
        expect(w).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
