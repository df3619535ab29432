import { createHash } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import { caseNumberInSubject } from '../domain/mail-rules.ts';
import { insertEvidence } from './add-evidence.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { type StoredEvidenceFile, storeEvidenceFile } from './evidence-store.ts';
import { intakeCase } from './intake-case.ts';
import { type MailOut, sendAcknowledgement } from './mail-replies.ts';
import type { InboundMail } from './mail-types.ts';
import { storeRawMail } from './raw-mail-store.ts';
import { recordCaseChange, writeAudit } from './record.ts';

export type MailOutcome =
  | { outcome: 'case_created'; caseId: string; caseNumber: string; acknowledged: boolean }
  | { outcome: 'threaded'; caseId: string; caseNumber: string }
  | { outcome: 'duplicate'; caseId: string }
  | { outcome: 'ignored'; reason: string };

const MAX_ATTACHMENTS = 20;
const REASON_MAX = 10_000;

/**
 * Takes one parsed mail into the receiving organisation (ctx.actor is its system actor): a redelivered
 * Message-ID changes nothing; automatic mail is recorded as ignored; a reply (In-Reply-To/References known
 * here, or `[KS-…]` in the subject) is appended to its case; anything else opens a new e-mail complaint.
 */
export async function receiveMail(ctx: ServiceContext, mail: InboundMail, out?: MailOut): Promise<MailOutcome> {
  const tenantId = ctx.actor.tenantId;
  const seen = await ctx.db
    .selectFrom('mail_messages')
    .select('case_id')
    .where('tenant_id', '=', tenantId)
    .where('message_id', '=', mail.messageId)
    .executeTakeFirst();
  if (seen) return { outcome: 'duplicate', caseId: seen.case_id };
  if (mail.automated) return recordIgnored(ctx, mail, mail.automated);

  const threadCaseId = await findThread(ctx, mail);
  const { stored, rejected } = await storeAttachments(ctx, mail);
  if (threadCaseId) {
    const caseNumber = await appendMessage(ctx, threadCaseId, mail, stored, rejected);
    return { outcome: 'threaded', caseId: threadCaseId, caseNumber };
  }
  const reason = [mail.subject, mail.text].filter(Boolean).join('\n\n').slice(0, REASON_MAX) || '（空白邮件）';
  const { case: created } = await intakeCase(
    ctx,
    {
      kind: 'complaint',
      channel: 'email',
      complainant: { name: mail.from?.name ?? '（未知发件人）', email: mail.from?.address },
      reason,
    },
    `mail:${createHash('sha256').update(mail.messageId).digest('hex')}`,
  );
  await appendMessage(ctx, created.id, mail, stored, rejected);
  const acknowledged = out && mail.from ? await sendAcknowledgement(ctx, created.id, mail, out) : false;
  return { outcome: 'case_created', caseId: created.id, caseNumber: created.caseNumber, acknowledged };
}

async function findThread(ctx: ServiceContext, mail: InboundMail): Promise<string | null> {
  if (mail.threadIds.length > 0) {
    const hit = await ctx.db
      .selectFrom('mail_messages')
      .select('case_id')
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('message_id', 'in', mail.threadIds)
      .orderBy('at', 'desc')
      .executeTakeFirst();
    if (hit) return hit.case_id;
  }
  const number = caseNumberInSubject(mail.subject);
  if (!number) return null;
  const c = await ctx.db
    .selectFrom('cases')
    .select('id')
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('case_number', '=', number)
    .executeTakeFirst();
  return c?.id ?? null;
}

type Rejected = { fileName: string | null; contentType: string; sizeBytes: number; code: string };

/** Attachments go through the same size and type checks as uploaded evidence; refusals are kept on the timeline. */
async function storeAttachments(ctx: ServiceContext, mail: InboundMail) {
  const stored: { file: StoredEvidenceFile; fileName: string | undefined; declaredMime: string }[] = [];
  const rejected: Rejected[] = [];
  for (const [i, a] of mail.attachments.entries()) {
    const meta = { fileName: a.fileName ?? null, contentType: a.contentType, sizeBytes: a.bytes.length };
    if (i >= MAX_ATTACHMENTS) {
      rejected.push({ ...meta, code: 'TOO_MANY_ATTACHMENTS' });
      continue;
    }
    try {
      const file = await storeEvidenceFile(ctx.evidenceDir, ctx.actor.tenantId, a.bytes, a.contentType);
      stored.push({ file, fileName: a.fileName, declaredMime: a.contentType.slice(0, 100) });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      rejected.push({ ...meta, code: err.code });
    }
  }
  return { stored, rejected };
}

async function appendMessage(
  ctx: ServiceContext,
  caseId: string,
  mail: InboundMail,
  stored: Awaited<ReturnType<typeof storeAttachments>>['stored'],
  rejected: Rejected[],
): Promise<string> {
  const rawFile = await storeRawMail(ctx.evidenceDir, mail.raw);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    await trx
      .insertInto('mail_messages')
      .values({
        tenant_id: c.tenant_id,
        message_id: mail.messageId,
        case_id: c.id,
        direction: 'in',
        from_address: mail.from?.address ?? null,
        subject: mail.subject,
        raw_key: rawFile.key,
        at: ctx.now,
      })
      .execute();
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: null,
      at: ctx.now,
      event: {
        type: 'message_received',
        data: {
          channel: 'email',
          messageId: mail.messageId,
          from: mail.from?.address ?? null,
          fromName: mail.from?.name ?? null,
          // A stranger who knows a case number can write to it; the timeline shows whether it was the complainant.
          fromComplainant: Boolean(mail.from && mail.from.address === c.complainant_email),
          subject: mail.subject,
          text: mail.text,
          sentAt: mail.date?.toISOString() ?? null,
          ...(rejected.length ? { rejectedAttachments: rejected } : {}),
        },
      },
      audit: { action: 'case.message_in', before: null, after: { messageId: mail.messageId } },
      topic: 'case.message_received',
    });
    for (const s of stored) {
      await insertEvidence(trx, await loadVisibleCase(trx, ctx.actor, caseId), ctx.actor, ctx.now, s.file, {
        fileName: s.fileName,
        declaredMime: s.declaredMime,
        description: `邮件附件 / mail attachment ${mail.messageId}`.slice(0, 2000),
      });
    }
    return c.case_number;
  });
}

async function recordIgnored(ctx: ServiceContext, mail: InboundMail, reason: string): Promise<MailOutcome> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('mail_ignored')
      .values({
        tenant_id: ctx.actor.tenantId,
        message_id: mail.messageId,
        reason,
        from_address: mail.from?.address ?? null,
        subject: mail.subject.slice(0, 500),
        at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: null,
      action: 'mail.ignored',
      entity: 'mail_ignored',
      entityId: row.id,
      before: null,
      after: { reason, messageId: mail.messageId },
      at: ctx.now,
    });
  });
  return { outcome: 'ignored', reason };
}
