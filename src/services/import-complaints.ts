import { AppError } from '../domain/errors.ts';
import { parseChannel, parseExpectedResolution, parsePhone } from '../domain/import-values.ts';
import type { Channel, ExpectedResolution } from '../domain/vocabulary.ts';
import type { ServiceContext } from './context.ts';
import type { RowError, RowOf, RowReader } from './import-rows.ts';
import type { BatchOutcome, ImportJobInfo } from './import-types.ts';
import { intakeCase } from './intake-case.ts';

export interface ComplaintRecord {
  externalId: string;
  orderNumber: string | null;
  complainantName: string;
  phone: string | null;
  email: string | null;
  reason: string;
  expectedResolution: ExpectedResolution | null;
  channel: Channel;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseComplaintRow(r: RowReader): ComplaintRecord | null {
  const externalId = r.text('externalId', { required: true, max: 128 });
  const orderNumber = r.text('orderNumber', { max: 64 });
  const complainantName = r.text('complainantName', { required: true, max: 100 });
  const phone = r.parsed('phone', parsePhone);
  let email = r.text('email', { max: 254 });
  if (email && !EMAIL.test(email)) {
    r.errors.push({ field: 'email', code: 'BAD_CHOICE' });
    email = null;
  }
  const reason = r.text('reason', { required: true, max: 10_000 });
  const expectedResolution = r.parsed('expectedResolution', parseExpectedResolution);
  const channel = r.parsed('channel', parseChannel);
  if (r.errors.length > 0 || !externalId || !complainantName || !reason || !channel) return null;
  return {
    externalId,
    orderNumber,
    complainantName,
    phone: phone ?? null,
    email,
    reason,
    expectedResolution: expectedResolution ?? null,
    channel,
  };
}

/**
 * Each complaint row goes through intake (routing, SLA, classification, missing items) like POST /cases, with
 * the external id as its Idempotency-Key: importing the same row again replays, a changed row is reported.
 */
export async function writeComplaintRows(
  ctx: ServiceContext,
  job: ImportJobInfo,
  rows: RowOf<ComplaintRecord>[],
): Promise<BatchOutcome & { errors: RowError[] }> {
  const out = { created: 0, updated: 0, unchanged: 0, errors: [] as RowError[] };
  for (const { rowNumber, record: c, raw } of rows) {
    try {
      const r = await intakeCase(
        ctx,
        {
          kind: 'complaint',
          channel: c.channel,
          ...(c.orderNumber ? { orderNumber: c.orderNumber } : {}),
          complainant: {
            name: c.complainantName,
            ...(c.phone ? { phone: c.phone } : {}),
            ...(c.email ? { email: c.email } : {}),
          },
          reason: c.reason,
          ...(c.expectedResolution ? { expectedResolution: c.expectedResolution } : {}),
        },
        `import:complaint:${c.externalId}`,
      );
      if (r.replayed) out.unchanged++;
      else out.created++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const code =
        err.code === 'ORDER_NOT_FOUND'
          ? 'ORDER_NOT_FOUND'
          : err.code === 'IDEMPOTENCY_KEY_REUSED'
            ? 'CHANGED_AFTER_IMPORT'
            : 'REJECTED';
      out.errors.push({ rowNumber, field: code === 'ORDER_NOT_FOUND' ? 'orderNumber' : null, code, raw });
    }
  }
  void job;
  return out;
}
