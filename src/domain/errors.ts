import type { ErrorEntry } from './error-entry.ts';
import { accessErrors } from './errors-access.ts';
import { analyticsErrors } from './errors-analytics.ts';
import { backupErrors } from './errors-backup.ts';
import { callErrors } from './errors-calls.ts';
import { importErrors } from './errors-import.ts';
import { resolutionErrors } from './errors-resolution.ts';
import { sanctionErrors } from './errors-sanctions.ts';
import { slaErrors } from './errors-sla.ts';
import { textErrors } from './errors-text.ts';
import { webErrors } from './errors-web.ts';

export type { ErrorEntry };

import { channelErrors } from './errors-channels.ts';
import { omniErrors } from './errors-omni.ts';
import { opsErrors } from './errors-ops.ts';
import { privacyErrors } from './errors-privacy.ts';

/**
 * Every error the product can answer with: one code, one HTTP status, one message in Chinese and English.
 * `satisfies` makes the compiler refuse a code without its status and messages.
 */
const coreErrors = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容不符合要求', en: 'The request is not valid' },
  INVALID_JSON: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  INVALID_CURSOR: { status: 400, zh: '分页游标无效', en: 'The pagination cursor is not valid' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录或提供有效令牌', en: 'Sign in or send a valid token' },
  INVALID_CREDENTIALS: { status: 401, zh: '邮箱或密码错误', en: 'E-mail or password is wrong' },
  FORBIDDEN: { status: 403, zh: '当前角色无权执行此操作', en: 'Your role may not do this' },
  NOT_A_MEMBER: { status: 403, zh: '您不是该组织的成员', en: 'You are not a member of that organisation' },
  NOT_FOUND: { status: 404, zh: '资源不存在', en: 'Not found' },
  CASE_NOT_FOUND: { status: 404, zh: '未找到该投诉', en: 'Case not found' },
  ORDER_NOT_FOUND: { status: 404, zh: '未找到该订单', en: 'Order not found' },
  TENANT_NOT_FOUND: { status: 404, zh: '未找到该组织', en: 'Organisation not found' },
  USER_NOT_FOUND: { status: 404, zh: '未找到该用户', en: 'User not found' },
  EVIDENCE_NOT_FOUND: { status: 404, zh: '未找到该证据', en: 'Evidence not found' },
  ORDER_NUMBER_TAKEN: { status: 409, zh: '订单号已存在', en: 'An order with this number already exists' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    zh: '该幂等键已用于另一内容不同的请求',
    en: 'This Idempotency-Key was used with a different request body',
  },
  CONCURRENT_UPDATE: {
    status: 409,
    zh: '投诉已被他人修改，请刷新后重试',
    en: 'The case changed meanwhile; reload and retry',
  },
  ACTION_NOT_ALLOWED: {
    status: 409,
    zh: '当前状态下不能执行该操作',
    en: 'This action is not allowed in the current state',
  },
  AFTER_SALES_WINDOW_PASSED: { status: 409, zh: '已超过售后期，平台无法介入', en: 'The after-sales window has passed' },
  REFUND_COMPLETED: { status: 409, zh: '退款已完成，投诉已关闭', en: 'The refund was completed; the case is closed' },
  REFUND_IN_PROGRESS: {
    status: 409,
    zh: '退款处理中，请等待退款结果',
    en: 'A refund is in progress; wait for its outcome',
  },
  ASSIGNEE_REQUIRED: { status: 409, zh: '请先指定首问责任人', en: 'Assign a first responsible person first' },
  RESOLUTION_REQUIRED: { status: 409, zh: '请填写处理结果', en: 'A resolution is required' },
  ROOT_CAUSE_REQUIRED: {
    status: 409,
    zh: '结案前须填写根本原因（偶发或系统性）',
    en: 'A root cause (accidental or systemic) is required before closing',
  },
  REASON_REQUIRED: { status: 409, zh: '请填写原因', en: 'A reason is required' },
  OVERRIDE_NOT_PERMITTED: {
    status: 409,
    zh: '仅平台主管可推翻该驳回',
    en: 'Only a platform supervisor may override this rejection',
  },
  REJECTION_NOT_OVERRIDABLE: { status: 409, zh: '该驳回不可推翻', en: 'This rejection cannot be overridden' },
  REOPEN_WINDOW_PASSED: { status: 409, zh: '已超过可重开期限', en: 'The reopen window has passed' },
  ROLE_NOT_PERMITTED: { status: 409, zh: '当前角色不能执行该操作', en: 'Your role may not take this action' },
  ASSIGNEE_NOT_MEMBER: {
    status: 409,
    zh: '责任人不属于可处理该投诉的组织',
    en: 'The assignee is not a member of an organisation handling this case',
  },
  RESPONDENT_INVALID: {
    status: 422,
    zh: '被投诉方不存在或不属于本平台',
    en: 'The respondent does not exist or is not a member here',
  },
  ORDER_RESPONDENT_MISMATCH: {
    status: 422,
    zh: '订单不属于被投诉方',
    en: 'The order does not belong to the respondent',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '内容过大', en: 'The request is too large' },
  EVIDENCE_TOO_LARGE: { status: 413, zh: '证据文件过大（上限 10 MB）', en: 'Evidence file too large (limit 10 MB)' },
  UNSUPPORTED_EVIDENCE_TYPE: {
    status: 415,
    zh: '不支持的证据文件类型（支持图片、PDF、音视频）',
    en: 'Unsupported evidence type (images, PDF, audio and video are accepted)',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, ErrorEntry>;

// Each feature keeps its codes in its own file (errors-<feature>.ts) and spreads them in here.
export const errorCatalog = {
  ...coreErrors,
  ...accessErrors,
  ...resolutionErrors,
  ...textErrors,
  ...slaErrors,
  ...channelErrors,
  ...backupErrors,
  ...sanctionErrors,
  ...callErrors,
  ...importErrors,
  ...omniErrors,
  ...analyticsErrors,
  ...opsErrors,
  ...privacyErrors,
  ...webErrors,
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof errorCatalog;

/** The one error type services throw; the HTTP layer turns it into `{error:{code,message,messageZh,details}}`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(errorCatalog[code].en);
    this.status = errorCatalog[code].status;
  }
}
