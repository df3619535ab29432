import { describe, expect, it } from 'vitest';
import {
  closedOnTime,
  emptyTotals,
  summarize,
  unkeptPromises,
  zeroComplaintDays,
} from '../../src/domain/responsibility.ts';
import {
  appealStateOf,
  canAppeal,
  canDecideAppeal,
  checkSanction,
  isSanctionActive,
  type SanctionState,
} from '../../src/domain/sanctions.ts';

const now = new Date('2026-11-02T02:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
const state = (over: Partial<SanctionState> = {}): SanctionState => ({
  startsAt: at(-1),
  endsAt: null,
  revokedAt: null,
  appealedAt: null,
  decidedAt: null,
  ...over,
});

describe('sanction periods and public text', () => {
  it('starts a sanction now unless told otherwise, with no end', () => {
    expect(checkSanction({ type: 'warning' }, now)).toEqual({ ok: true, startsAt: now, endsAt: null });
    expect(checkSanction({ type: 'account_ban', startsAt: at(5) }, now)).toEqual({
      ok: true,
      startsAt: at(5),
      endsAt: null,
    });
  });
  it('needs both ends for a temporary freeze', () => {
    expect(checkSanction({ type: 'temporary_freeze', endsAt: at(48) }, now)).toMatchObject({
      ok: false,
      field: 'startsAt',
    });
    expect(checkSanction({ type: 'temporary_freeze', startsAt: now }, now)).toMatchObject({
      ok: false,
      field: 'endsAt',
    });
    expect(checkSanction({ type: 'temporary_freeze', startsAt: now, endsAt: at(48) }, now)).toEqual({
      ok: true,
      startsAt: now,
      endsAt: at(48),
    });
  });
  it('refuses an end at or before the start', () => {
    for (const endsAt of [now, at(-1)])
      expect(checkSanction({ type: 'listing_restriction', startsAt: now, endsAt }, now)).toEqual({
        ok: false,
        code: 'SANCTION_PERIOD_INVALID',
        field: 'endsAt',
      });
    // Start defaults to now, so an end in the past is refused too.
    expect(checkSanction({ type: 'listing_restriction', endsAt: at(-1) }, now)).toMatchObject({ ok: false });
  });
  it('needs visible public text for a public notice', () => {
    for (const publicText of [undefined, '', '   '])
      expect(checkSanction({ type: 'public_notice', publicText }, now)).toMatchObject({ code: 'PUBLIC_TEXT_REQUIRED' });
    expect(checkSanction({ type: 'public_notice', publicText: '公示' }, now)).toMatchObject({ ok: true });
  });
});

describe('when a sanction is in force', () => {
  it('is active from its start until its end (exclusive), unless revoked', () => {
    expect(isSanctionActive(state(), now)).toBe(true);
    expect(isSanctionActive(state({ startsAt: now }), now)).toBe(true);
    expect(isSanctionActive(state({ startsAt: at(1) }), now)).toBe(false);
    expect(isSanctionActive(state({ endsAt: now }), now)).toBe(false);
    expect(isSanctionActive(state({ endsAt: at(1) }), now)).toBe(true);
    expect(isSanctionActive(state({ revokedAt: at(-0.5) }), now)).toBe(false);
  });
});

describe('the one appeal', () => {
  it('may be filed once, and not against a revoked sanction', () => {
    expect(canAppeal(state())).toBeNull();
    expect(canAppeal(state({ appealedAt: now }))).toBe('APPEAL_ALREADY_FILED');
    expect(canAppeal(state({ appealedAt: now, decidedAt: now }))).toBe('APPEAL_ALREADY_FILED');
    expect(canAppeal(state({ revokedAt: now }))).toBe('SANCTION_REVOKED');
  });
  it('is decided once, after it is filed', () => {
    expect(canDecideAppeal(state())).toBe('APPEAL_NOT_PENDING');
    expect(canDecideAppeal(state({ appealedAt: now }))).toBeNull();
    expect(canDecideAppeal(state({ appealedAt: now, decidedAt: now }))).toBe('APPEAL_NOT_PENDING');
  });
  it('reads as none, pending, upheld or revoked', () => {
    expect(appealStateOf({ ...state(), appealDecision: null })).toBe('none');
    expect(appealStateOf({ ...state({ appealedAt: now }), appealDecision: null })).toBe('pending');
    expect(appealStateOf({ ...state({ appealedAt: now, decidedAt: now }), appealDecision: 'upheld' })).toBe('upheld');
    expect(appealStateOf({ ...state({ appealedAt: now, decidedAt: now }), appealDecision: 'revoked' })).toBe('revoked');
  });
});

describe('the ledger figures of a closed case', () => {
  const clock = (over: Partial<Parameters<typeof closedOnTime>[0][number]> = {}) => ({
    dueAt: at(10),
    metAt: null,
    breachedAt: null,
    cancelledAt: null,
    ...over,
  });
  it('is on time when every clock was met by its due time', () => {
    expect(closedOnTime([clock({ metAt: at(9) }), clock({ metAt: at(10) })])).toBe(true);
    expect(closedOnTime([clock({ metAt: at(9) }), clock({ metAt: at(11) })])).toBe(false);
  });
  it('is late when a clock breached, or was left running past its due time until the close cancelled it', () => {
    expect(closedOnTime([clock({ metAt: at(5), breachedAt: at(4) })])).toBe(false);
    expect(closedOnTime([clock({ cancelledAt: at(12) })])).toBe(false);
    expect(closedOnTime([clock({ cancelledAt: at(8) })])).toBe(true);
    // A paused clock has no due time: nothing was late.
    expect(closedOnTime([clock({ dueAt: null, cancelledAt: at(100) })])).toBe(true);
  });
  it('has no on-time figure without SLA clocks', () => {
    expect(closedOnTime([])).toBeNull();
  });
  it('counts broken and still-open promises as unkept', () => {
    expect(unkeptPromises(['kept', 'broken', 'open', 'kept', 'broken'])).toBe(3);
    expect(unkeptPromises([])).toBe(0);
  });
});

describe('the per-person summary', () => {
  it('gives rates over the cases that have the figure, rounded', () => {
    expect(summarize({ cases: 3, timed: 3, onTime: 2, rated: 2, ratingSum: 9, unkeptPromises: 1 })).toEqual({
      cases: 3,
      onTimeRate: 0.6667,
      averageSatisfaction: 4.5,
      ratedCases: 2,
      unkeptPromises: 1,
    });
  });
  it('says null, not 0, when no case has the figure', () => {
    expect(summarize(emptyTotals)).toEqual({
      cases: 0,
      onTimeRate: null,
      averageSatisfaction: null,
      ratedCases: 0,
      unkeptPromises: 0,
    });
  });
  it('counts whole days since the last case for the zero-complaint streak', () => {
    expect(zeroComplaintDays(null, now)).toBeNull();
    expect(zeroComplaintDays(at(-47), now)).toBe(1);
    expect(zeroComplaintDays(at(-48), now)).toBe(2);
    expect(zeroComplaintDays(at(5), now)).toBe(0);
  });
});
