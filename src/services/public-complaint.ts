import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { ExpectedResolution } from '../domain/vocabulary.ts';
import { createAccessLink } from './access-links.ts';
import { mailActor, tenantBySlug } from './inbound-addresses.ts';
import { intakeCase } from './intake-case.ts';

export interface PublicComplaintInput {
  orderNumber?: string | undefined;
  name: string;
  phone: string;
  email?: string | undefined;
  reason: string;
  expectedResolution?: ExpectedResolution | undefined;
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
