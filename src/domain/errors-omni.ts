import type { ErrorEntry } from './error-entry.ts';

/** Error codes of IM/social intake, duplicates and merges, and phone verification on the public form. */
export const omniErrors = {
  INTAKE_SOURCE_NOT_FOUND: { status: 404, zh: '未找到该接入渠道', en: 'Intake source not found' },
  INTAKE_SOURCE_INACTIVE: { status: 403, zh: '该接入渠道已停用', en: 'This intake source is switched off' },
  SIGNATURE_MISSING: {
    status: 401,
    zh: '缺少签名或时间戳请求头',
    en: 'The x-kesu-signature or x-kesu-timestamp header is missing',
  },
  SIGNATURE_INVALID: { status: 401, zh: '签名校验失败', en: 'The signature does not match' },
  SIGNATURE_EXPIRED: {
    status: 401,
    zh: '签名时间戳超出 5 分钟，请重新签名',
    en: 'The signature timestamp is more than 5 minutes away from now',
  },
  MERGE_INTO_SELF: { status: 422, zh: '不能将投诉合并到其自身', en: 'A case cannot be merged into itself' },
  CASE_ALREADY_MERGED: {
    status: 409,
    zh: '该投诉已合并到其他投诉',
    en: 'This case was already merged into another case',
  },
  MERGE_TARGET_CLOSED: {
    status: 409,
    zh: '目标投诉已结束，不能合并进去',
    en: 'The target case is finished; merge into an open case',
  },
  PHONE_CODE_REQUIRED: {
    status: 422,
    zh: '请先获取并填写手机验证码',
    en: 'This organisation requires a verified phone: request a code and send it as phoneCode',
  },
  PHONE_CODE_INVALID: { status: 422, zh: '验证码不正确', en: 'The verification code is wrong' },
  PHONE_CODE_EXPIRED: {
    status: 410,
    zh: '验证码已过期或已使用，请重新获取',
    en: 'The verification code expired or was used; request a new one',
  },
  PHONE_CODE_LOCKED: {
    status: 429,
    zh: '验证码错误次数过多，请重新获取',
    en: 'Too many wrong tries; request a new code',
  },
  NOTHING_TO_ANSWER: {
    status: 422,
    zh: '请填写补充内容',
    en: 'Send text or at least one of the missing details',
  },
} as const satisfies Record<string, ErrorEntry>;
