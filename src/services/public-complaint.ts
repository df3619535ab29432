import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { ExpectedResolution } from '../domain/vocabulary.ts';
import { createAccessLink } from './access-links.ts';
import type { ServiceContext } from './context.ts';
import { mailActor, tenantBySlug } from './inbound-addresses.ts';
import { intakeCase } from './intake-case.ts';
import { readIntakeSettings } from './intake-settings.ts';
import { usePhoneCode } from './phone-codes.ts';
import { recordCaseChange } from './record.ts';

export interface PublicComplaintInput {
  orderNumber?: string | undefined;
  name: string;
  phone: string;
  email?: string | undefined;
  reason: string;
  expectedResolution?: ExpectedResolution | undefined;
  /** The code sent by POST /public/:tenant/phone-codes; required when the organisation asks for a verified phone. */
  phoneCode?: string | undefined;
}

/**
 * A consumer files a complaint without an account (the complaint form). The organisation's system takes it in;
 * the consumer gets the case number and an access link to follow it, add evidence and answer what is missing.
 * An order number that does not match is kept in the text rather than refused: telling strangers which order
 * numbers exist would leak the shop's orders.
 */
export async function filePublicComplaint(
  deps: { db: Kysely<DB>; evidenceDir: string; now: Date },
  tenantSlug: string,
  input: PublicComplaintInput,
) {
  const tenant = await tenantBySlug(deps.db, tenantSlug);
  const ctx = { ...deps, actor: mailActor(tenant) };
  // Checked before anything is stored: a wrong code must not leave a case behind, but its try is counted.
  if (input.phoneCode) await usePhoneCode(deps.db, tenant.id, input.phone, input.phoneCode, deps.now);
  else if ((await readIntakeSettings(deps.db, tenant.id)).requireVerifiedPhone)
    throw new AppError('PHONE_CODE_REQUIRED');
  const base = {
    kind: 'complaint' as const,
    channel: 'web_form' as const,
    complainant: { name: input.name, phone: input.phone, email: input.email },
    expectedResolution: input.expectedResolution,
  };
  let created: Awaited<ReturnType<typeof intakeCase>>['case'];
  try {
    created = (await intakeCase(ctx, { ...base, orderNumber: input.orderNumber, reason: input.reason })).case;
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'ORDER_NOT_FOUND')) throw err;
    const reason = `${input.reason}\n\n订单号（未匹配）/ order number (no match): ${input.orderNumber}`;
    created = (await intakeCase(ctx, { ...base, reason })).case;
  }
  if (input.phoneCode) await recordPhoneVerified(ctx, created.id);
  const link = await createAccessLink(ctx, created.id);
  return {
    caseNumber: created.caseNumber,
    status: created.status,
    missing: created.missing,
    accessToken: link.token,
    accessPath: link.path,
    expiresAt: link.expiresAt,
  };
}

async function recordPhoneVerified(ctx: ServiceContext, caseId: string) {
  await ctx.db.transaction().execute((trx) =>
    recordCaseChange(trx, {
      caseTenantId: ctx.actor.tenantId,
      caseId,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: null,
      at: ctx.now,
      event: { type: 'phone_verified', data: { via: 'sms_code' } },
      audit: { action: 'case.phone_verified', before: null, after: { via: 'sms_code' } },
    }),
  );
}
