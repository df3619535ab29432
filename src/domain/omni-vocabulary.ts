import type { Channel } from './vocabulary.ts';

/** IM and social accounts that deliver complaints by webhook (即时通讯与社交媒体). */
export const intakeSourceKinds = ['wechat', 'weibo', 'douyin', 'xiaohongshu', 'qq', 'other_im'] as const;
export type IntakeSourceKind = (typeof intakeSourceKinds)[number];
export type IntakeMessageType = 'public_post' | 'direct_message';

/** Chat apps carry direct messages only; social networks carry both posts and DMs. */
const chatApps: readonly IntakeSourceKind[] = ['wechat', 'qq', 'other_im'];

/** The case channel of a message: a public post is a social post wherever it appears; a DM by the app's kind. */
export function channelFor(kind: IntakeSourceKind, type: IntakeMessageType): Channel {
  if (type === 'public_post') return 'social_post';
  return chatApps.includes(kind) ? 'im' : 'social_dm';
}

/** A public post is seen by everyone: by default it raises the severity by one, capped at the scale's top (4). */
export function intakeSeverity(suggested: number, type: IntakeMessageType, raisePublic: boolean): number {
  return type === 'public_post' && raisePublic ? Math.min(4, suggested + 1) : suggested;
}
