/** Bad reviews (差评): which reviews become cases, and what a request to revise one may not say. */

export const BAD_REVIEW_MAX_RATING = 2;

/** 1–2 stars is a bad review; without a rating, the text's sentiment decides (when the text says anything). */
export function isBadReview(rating: number | null, negativeText: boolean | null): boolean {
  if (rating !== null) return rating <= BAD_REVIEW_MAX_RATING;
  return negativeText === true;
}

export const revisionChannels = ['im', 'sms', 'phone', 'email', 'platform_message', 'other'] as const;
export type RevisionChannel = (typeof revisionChannels)[number];
export const revisionOutcomes = ['revised', 'declined', 'no_answer'] as const;
export type RevisionOutcome = (typeof revisionOutcomes)[number];

/**
 * Platform rules (Taobao 评价规范, PDD 商家规则; 《电子商务法》§17, §39) forbid "好评返现" and paying a buyer to
 * delete or change a review. A shop may ask and may compensate for the problem, but not tie money to the review.
 * This catches the usual wording; it is a guard rail, not a proof of good faith.
 */
const inducement = [
  /好评返现|返现|红包|返利|返款|现金奖励|送.{0,6}(券|礼品|赠品).{0,8}(改|删|追|好评)/u,
  /(删|改|修改|追加|撤).{0,6}(评|差评).{0,12}(给|补|返|送|赔|付).{0,6}(\d+|钱|元|块|红包|补偿)/u,
  /(\d+|钱|元|块|红包|补偿).{0,12}(删|改|修改|撤).{0,4}(评|差评)/u,
  /(\d+|钱|元|块|红包|补偿).{0,12}(评|差评).{0,4}(删|改|撤)/u,
];

export function offersInducement(message: string): boolean {
  const text = message.normalize('NFKC').replace(/\s/g, '');
  return inducement.some((r) => r.test(text));
}
