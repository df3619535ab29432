import type { CaseKind, Category } from './vocabulary.ts';

/** What intake asks the complainant to add (补充材料); vague descriptions and missing evidence sink complaints. */
export const missingItems = [
  'contact',
  'order',
  'evidence_photo',
  'expected_resolution',
  'reason_detail',
  'review_rating',
] as const;
export type MissingItem = (typeof missingItems)[number];

/** Categories where a complaint stands or falls on a photo of the goods. */
const needsPhoto: readonly Category[] = ['product_quality', 'description_mismatch', 'counterfeit_ip'];
/** Categories that are about a specific purchase. */
const needsOrder: readonly Category[] = [
  'product_quality',
  'logistics_delay',
  'after_sales_refund',
  'description_mismatch',
  'price',
  'counterfeit_ip',
];

export const MIN_REASON_CHARS = 10;

export interface IntakeFacts {
  kind: CaseKind;
  category: Category | null;
  hasContact: boolean;
  hasOrder: boolean;
  imageEvidenceCount: number;
  hasExpectedResolution: boolean;
  reasonLength: number;
  hasReviewRating: boolean;
}

export function missingFor(f: IntakeFacts): MissingItem[] {
  const missing: MissingItem[] = [];
  if (!f.hasContact) missing.push('contact');
  if (f.kind === 'complaint') {
    if (!f.hasOrder && f.category && needsOrder.includes(f.category)) missing.push('order');
    if (f.category && needsPhoto.includes(f.category) && f.imageEvidenceCount === 0) missing.push('evidence_photo');
    if (!f.hasExpectedResolution) missing.push('expected_resolution');
    if (f.reasonLength < MIN_REASON_CHARS) missing.push('reason_detail');
  } else if (f.kind === 'bad_review') {
    if (!f.hasOrder) missing.push('order');
    if (!f.hasReviewRating) missing.push('review_rating');
  }
  return missing;
}
