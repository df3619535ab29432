import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import { headerSafe, subjectWithCaseNumber } from '../domain/mail-rules.ts';
import { createAccessLink } from './access-links.ts';
import { loadCannedResponse } from './canned-responses.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import type { InboundMail } from './mail-types.ts';
import type { Mailer } from './mailer.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

/** How outgoing case mail is sent: the SMTP mailer, the domain of our Message-IDs, the public base URL for links. */
export interface MailOut {
  mailer: Mailer;
  domain: string;
  publicUrl?: string | undefined;
}

const newMessageId = (domain: string) => `<ks.${randomUUID()}@${domain}>`;

/** The acknowledgement a new e-mail case sends: the case number in the subject, so the customer's reply threads. */
export async function sendAcknowledgement(
  ctx: ServiceContext,
  caseId: string,
  mail: InboundMail,
  out: MailOut,
): Promise<boolean> {
  if (!out.mailer.enabled || !mail.from) return false;
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const link = out.publicUrl ? await createAccessLink(ctx, caseId) : null;
  const url = link ? `${out.publicUrl?.replace(/\/$/, '')}${link.path}` : null;
  const name = headerSafe(mail.from.name, 60);
  const text = [
    `${name}，您好：`,
    '',
    `我们已收到您的投诉，投诉编号 ${c.case_number}。直接回复本邮件即可补充说明，或附上照片、订单截图等证据；请保留标题中的编号。`,
    ...(url ? [`查看处理进度：${url}`] : []),
    '',
    `Hello ${name}, we have received your complaint; its case number is ${c.case_number}. Reply to this mail to add`,
    'details or evidence (photos, order screenshots); please keep the number in the subject.',
    ...(url ? [`Follow its progress: ${url}`] : []),
  ].join('\n');
  return deliver(ctx, c, out, {
    to: mail.from.address,
    subject: subjectWithCaseNumber(c.case_number, `已收到您的投诉 / We received your complaint: ${mail.subject}`),
    text,
    inReplyTo: mail.messageId,
    eventType: 'acknowledgement_sent',
    from: undefined,
    // RFC 3834: an automatic answer says so, so that other responders do not answer it in turn.
    headers: { 'Auto-Submitted': 'auto-replied' },
  })
    .then(() => true)
    .catch(() => false);
}

/** An agent's reply to the complainant by e-mail, threaded under the last mail on the case. */
export async function sendCaseReply(
  ctx: ServiceContext,
  caseId: string,
  input: { text: string; cannedResponseId?: string | undefined },
  out: MailOut,
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  if (!c.complainant_email) throw new AppError('NO_COMPLAINANT_EMAIL', { caseId });
  // A template of the sender's organisation, still in use: its use is recorded with the reply.
  const template = input.cannedResponseId
    ? await loadCannedResponse(ctx.db, ctx.actor.tenantId, input.cannedResponseId)
    : undefined;
  if (template?.archived_at) throw new AppError('CANNED_RESPONSE_NOT_FOUND', { id: template.id });
  if (!out.mailer.enabled) throw new AppError('MAIL_DISABLED');
  const lastIn = await ctx.db
    .selectFrom('mail_messages')
    .select(['message_id', 'subject'])
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .where('direction', '=', 'in')
    .orderBy('at', 'desc')
    .executeTakeFirst();
  return deliver(ctx, c, out, {
    to: c.complainant_email,
    subject: subjectWithCaseNumber(c.case_number, `回复 / Re: ${lastIn?.subject || '您的投诉 / your complaint'}`),
    text: input.text,
    inReplyTo: lastIn?.message_id,
    eventType: 'reply_sent',
    from: undefined,
    headers: {},
    cannedResponseId: template?.id,
  });
}

type CaseRowLike = Awaited<ReturnType<typeof loadVisibleCase>>;

async function deliver(
  ctx: ServiceContext,
  c: CaseRowLike,
  out: MailOut,
  m: {
    to: string;
    subject: string;
    text: string;
    inReplyTo: string | undefined;
    eventType: string;
    from: string | undefined;
    headers: Record<string, string>;
    cannedResponseId?: string | undefined;
  },
) {
  const earlier = await ctx.db
    .selectFrom('mail_messages')
    .select('message_id')
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('at', 'desc')
    .limit(20)
    .execute();
  const references = earlier.map((r) => r.message_id).reverse();
  const messageId = newMessageId(out.domain);
  const replyFrom = await ctx.db
    .selectFrom('inbound_addresses')
    .select('address')
    .where('tenant_id', '=', c.tenant_id)
    .orderBy('address')
    .executeTakeFirst();
  try {
    await out.mailer.send({
      to: m.to,
      subject: m.subject,
      text: m.text,
      messageId,
      ...(replyFrom ? { from: replyFrom.address } : {}),
      ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
      ...(references.length ? { references } : {}),
      headers: { 'X-Kesu-Case': c.case_number, ...m.headers },
    });
  } catch (err) {
    throw new AppError('MAIL_SEND_FAILED', { message: String((err as Error).message).slice(0, 200) });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('mail_messages')
      .values({
        tenant_id: c.tenant_id,
        message_id: messageId,
        case_id: c.id,
        direction: 'out',
        from_address: replyFrom?.address ?? null,
        subject: m.subject,
        raw_key: null,
        at: ctx.now,
      })
      .execute();
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: {
        type: m.eventType,
        data: {
          channel: 'email',
          messageId,
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.cannedResponseId ? { cannedResponseId: m.cannedResponseId } : {}),
        },
      },
      audit: { action: 'case.message_out', before: null, after: { messageId, to: m.to } },
      topic: 'case.message_sent',
    });
    if (m.cannedResponseId)
      await trx
        .insertInto('canned_response_uses')
        .values({
          tenant_id: ctx.actor.tenantId,
          canned_response_id: m.cannedResponseId,
          case_tenant_id: c.tenant_id,
          case_id: c.id,
          used_by: ctx.actor.userId,
          at: ctx.now,
        })
        .execute();
  });
  return { messageId, subject: m.subject, to: m.to, sentAt: ctx.now.toISOString() };
}
