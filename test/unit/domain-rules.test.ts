import { describe, expect, it } from 'vitest';
import { missingFor } from '../../src/domain/intake-requirements.ts';
import { maskEmail, maskIdNumber, maskPhone, seesPersonalData } from '../../src/domain/masking.ts';
import { afterSalesDeadline, afterSalesWindowPassed, refundActionFor } from '../../src/domain/order-rules.ts';

const DAY = 86_400_000;

describe('order-state rules', () => {
  const completed = new Date('2026-10-01T08:00:00Z');
  it('puts the after-sales deadline N days after completion', () => {
    expect(afterSalesDeadline(completed, 15)?.toISOString()).toBe('2026-10-16T08:00:00.000Z');
    expect(afterSalesDeadline(null, 15)).toBeNull();
  });
  it('treats the window as passed only for completed or closed orders past the deadline', () => {
    const deadline = afterSalesDeadline(completed, 15);
    const after = new Date(deadline!.getTime() + 1);
    expect(afterSalesWindowPassed({ state: 'completed', afterSalesDeadline: deadline }, after)).toBe(true);
    expect(afterSalesWindowPassed({ state: 'completed', afterSalesDeadline: deadline }, deadline!)).toBe(false);
    expect(afterSalesWindowPassed({ state: 'refunding', afterSalesDeadline: deadline }, after)).toBe(false);
    expect(afterSalesWindowPassed(null, after)).toBe(false);
  });
  it('maps refund states to system actions', () => {
    expect(refundActionFor('refunding')).toBe('refund_started');
    expect(refundActionFor('refunded')).toBe('refund_completed');
    expect(refundActionFor('refund_failed')).toBe('refund_failed');
    expect(refundActionFor('delivered')).toBeNull();
  });
  it('uses a 40-day-old completion as a passed window with the default policy', () => {
    const now = new Date('2026-11-10T00:00:00Z');
    const done = new Date(now.getTime() - 40 * DAY);
    expect(afterSalesWindowPassed({ state: 'completed', afterSalesDeadline: afterSalesDeadline(done, 15) }, now)).toBe(
      true,
    );
  });
});

describe('what intake asks for', () => {
  const base = {
    kind: 'complaint' as const,
    category: null,
    hasContact: true,
    hasOrder: true,
    imageEvidenceCount: 0,
    hasExpectedResolution: true,
    reasonLength: 30,
    hasReviewRating: false,
  };
  it('asks a quality complaint for a photo and the order', () => {
    expect(missingFor({ ...base, category: 'product_quality', hasOrder: false })).toEqual(['order', 'evidence_photo']);
    expect(missingFor({ ...base, category: 'product_quality', imageEvidenceCount: 1 })).toEqual([]);
  });
  it('asks for contact, expected resolution and a fuller description', () => {
    expect(missingFor({ ...base, hasContact: false, hasExpectedResolution: false, reasonLength: 4 })).toEqual([
      'contact',
      'expected_resolution',
      'reason_detail',
    ]);
  });
  it('does not ask a service-attitude complaint for an order', () => {
    expect(missingFor({ ...base, category: 'service_attitude', hasOrder: false })).toEqual([]);
  });
  it('asks a bad review for its order and rating; an inquiry only for contact', () => {
    expect(missingFor({ ...base, kind: 'bad_review', hasOrder: false })).toEqual(['order', 'review_rating']);
    expect(
      missingFor({ ...base, kind: 'inquiry', hasExpectedResolution: false, reasonLength: 2, hasContact: false }),
    ).toEqual(['contact']);
  });
});

describe('masking personal data', () => {
  it('masks phone numbers as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138****5678');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone(null)).toBeNull();
  });
  it('masks ID numbers and e-mail addresses', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskEmail('zhang.san@example.cn')).toBe('z***@example.cn');
  });
  it('shows personal data only to roles that handle complainants', () => {
    expect(['admin', 'supervisor', 'agent'].every((r) => seesPersonalData(r as 'agent'))).toBe(true);
    expect(seesPersonalData('viewer') || seesPersonalData('auditor')).toBe(false);
  });
});
