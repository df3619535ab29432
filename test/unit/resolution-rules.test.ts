import { describe, expect, it } from 'vitest';
import { initialOfferState, mayApprove, offerMoveRefusal, promiseKindFor } from '../../src/domain/offers.ts';
import {
  approverRoleFor,
  followUpDueAt,
  defaultResolutionPolicy as p,
  ratingReopens,
} from '../../src/domain/resolution-policy.ts';
import { pickRoute, type RoutingRule } from '../../src/domain/routing.ts';

const rule = (over: Partial<RoutingRule>): RoutingRule => ({
  id: 'r',
  priority: 100,
  category: null,
  kind: null,
  channel: null,
  respondentTenantId: null,
  severity: null,
  departmentId: 'd',
  assigneeId: null,
  ...over,
});
const facts = {
  category: 'product_quality',
  kind: 'complaint',
  channel: 'hotline',
  respondentTenantId: 'm',
  severity: 2,
};

describe('routing rules', () => {
  it('takes the first matching rule by ascending priority, whatever order they are stored in', () => {
    const catchAll = rule({ id: 'all', priority: 1000 });
    const quality = rule({ id: 'quality', priority: 10, category: 'product_quality' });
    const severe = rule({ id: 'severe', priority: 5, severity: 1 });
    expect(pickRoute([catchAll, quality, severe], facts)?.id).toBe('quality');
    expect(pickRoute([catchAll, quality, severe], { ...facts, severity: 1 })?.id).toBe('severe');
    expect(pickRoute([catchAll, quality], { ...facts, category: 'price' })?.id).toBe('all');
  });
  it('needs every set criterion to match', () => {
    const r = rule({ category: 'product_quality', channel: 'email', respondentTenantId: 'm', kind: 'complaint' });
    expect(pickRoute([r], facts)).toBeNull();
    expect(pickRoute([r], { ...facts, channel: 'email' })?.id).toBe('r');
    expect(pickRoute([], facts)).toBeNull();
  });
});

describe('offer approval (defaults: agent ≤ ¥50, supervisor ≤ ¥500, above: admin)', () => {
  it('starts within the maker’s limit as a draft, above it waiting for the role that may approve', () => {
    expect(initialOfferState(5_000, 'agent', p)).toEqual({ state: 'draft', approvalRole: null });
    expect(initialOfferState(5_001, 'agent', p)).toEqual({ state: 'pending_approval', approvalRole: 'supervisor' });
    expect(initialOfferState(50_001, 'agent', p)).toEqual({ state: 'pending_approval', approvalRole: 'admin' });
    expect(initialOfferState(50_000, 'supervisor', p)).toEqual({ state: 'draft', approvalRole: null });
    expect(initialOfferState(9_999_999, 'admin', p).state).toBe('draft');
    expect(approverRoleFor(50_001, p)).toBe('admin');
  });
  it('lets only a role whose limit covers the amount approve', () => {
    expect(mayApprove('supervisor', 8_000, 'supervisor', p)).toBe(true);
    expect(mayApprove('supervisor', 80_000, 'admin', p)).toBe(false);
    expect(mayApprove('agent', 100, 'supervisor', p)).toBe(false);
    expect(mayApprove('admin', 80_000, 'admin', p)).toBe(true);
  });
  it('refuses to send an unapproved offer with APPROVAL_REQUIRED', () => {
    expect(offerMoveRefusal('pending_approval', 'send')).toBe('APPROVAL_REQUIRED');
    expect(offerMoveRefusal('approved', 'send')).toBeNull();
    expect(offerMoveRefusal('draft', 'answer')).toBe('OFFER_STATE_INVALID');
    expect(offerMoveRefusal('sent', 'answer')).toBeNull();
    expect(offerMoveRefusal('accepted', 'withdraw')).toBe('OFFER_STATE_INVALID');
  });
  it('turns accepted offers into the matching promise', () => {
    expect(promiseKindFor('reshipment')).toBe('reshipment');
    expect(promiseKindFor('compensation')).toBe('refund');
    expect(promiseKindFor('coupon')).toBe('other');
  });
});

describe('follow-up', () => {
  it('is due three calendar days after resolution by default, and 1–2 stars reopen', () => {
    expect(followUpDueAt(new Date('2026-11-02T02:00:00Z'), p.followUpDays).toISOString()).toBe(
      '2026-11-05T02:00:00.000Z',
    );
    expect([1, 2, 3, 4, 5].map(ratingReopens)).toEqual([true, true, false, false, false]);
  });
});

describe('dossier page', () => {
  it('escapes every character that could open markup', async () => {
    const { esc } = await import('../../src/services/dossier-html.ts');
    expect(esc(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
    expect(esc(null)).toBe('');
  });
});
