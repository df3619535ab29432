import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { IntakeAttachment, IntakeSourcesTable } from '../db/schema-omni.ts';
import { AppError } from '../domain/errors.ts';
import {
  channelFor,
  type IntakeMessageType,
  type IntakeSourceKind,
  intakeSeverity,
} from '../domain/omni-vocabulary.ts';
import type { TenantKind } from '../domain/vocabulary.ts';
import { loadVisibleCase } from './case-queries.ts';
import { classifyIntake } from './classify-case.ts';
import type { Actor, ServiceContext } from './context.ts';
import { type CaseIntakeInput, intakeCase } from './intake-case.ts';
import { recordCaseChange } from './record.ts';

/** The documented JSON a source posts (see contracts/omni.ts IntakeMessageBody). */
export interface IntakeMessage {
  messageId: string;
  type: IntakeMessageType;
  author: { id: string; name: string; profileUrl?: string | undefined };
  url?: string | undefined;
  text: string;
  postedAt: string;
  orderNumber?: string | undefined;
  phone?: string | undefined;
  attachments?: IntakeAttachment[] | undefined;
}

export type IntakeMessageOutcome = {
  outcome: 'case_created' | 'appended' | 'duplicate';
  caseId: string;
  caseNumber: string;
};

/** Cases in these states are over: a new message from the author starts a new case. */
const FINISHED = ['closed', 'rejected', 'withdrawn'];

/**
 * One verified message from an IM/social source: a replayed message id finds its case again; a message from an
 * author with an open case from the same source is appended to it (the thread); otherwise it becomes a new
 * complaint through the ordinary intake. Public posts are flagged `public_post` and, unless the source says
 * otherwise, one step more severe: everybody can read them.
 */
export async function receiveIntakeMessage(
  deps: { db: Kysely<DB>; evidenceDir: string; now: Date },
  source: Selectable<IntakeSourcesTable>,
  msg: IntakeMessage,
): Promise<IntakeMessageOutcome> {
  const owner = await deps.db
    .selectFrom('tenants')
    .select(['kind', 'platform_id'])
    .where('id', '=', source.tenant_id)
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: null,
    tenantId: source.tenant_id,
    tenantKind: owner.kind as TenantKind,
    role: 'system',
    platformId: owner.platform_id,
  };
  const ctx: ServiceContext = { ...deps, actor };
  const seen = await findMessage(ctx, source.id, msg.messageId);
  if (seen) return { outcome: 'duplicate', ...seen };

  const thread = await ctx.db
    .selectFrom('intake_messages')
    .innerJoin('cases', (j) =>
      j.onRef('cases.tenant_id', '=', 'intake_messages.tenant_id').onRef('cases.id', '=', 'intake_messages.case_id'),
    )
    .select(['cases.id', 'cases.case_number'])
    .where('intake_messages.tenant_id', '=', source.tenant_id)
    .where('intake_messages.source_id', '=', source.id)
    .where('intake_messages.author_id', '=', msg.author.id)
    .where('cases.status', 'not in', FINISHED)
    .orderBy('intake_messages.received_at', 'desc')
    .executeTakeFirst();
  let caseId = thread?.id;
  if (!caseId) caseId = await newCase(ctx, source, msg);
  const recorded = await recordMessage(ctx, source, msg, caseId, thread ? 'appended' : 'case_created');
  return recorded ?? { outcome: 'duplicate', ...(await findMessage(ctx, source.id, msg.messageId))! };
}

async function findMessage(ctx: ServiceContext, sourceId: string, messageId: string) {
  const hit = await ctx.db
    .selectFrom('intake_messages')
    .innerJoin('cases', (j) =>
      j.onRef('cases.tenant_id', '=', 'intake_messages.tenant_id').onRef('cases.id', '=', 'intake_messages.case_id'),
    )
    .select(['cases.id', 'cases.case_number'])
    .where('intake_messages.tenant_id', '=', ctx.actor.tenantId)
    .where('intake_messages.source_id', '=', sourceId)
    .where('intake_messages.message_id', '=', messageId)
    .executeTakeFirst();
  return hit ? { caseId: hit.id, caseNumber: hit.case_number } : null;
}

async function newCase(ctx: ServiceContext, source: Selectable<IntakeSourcesTable>, msg: IntakeMessage) {
  const kind = source.kind as IntakeSourceKind;
  const base: CaseIntakeInput = {
    kind: 'complaint',
    channel: channelFor(kind, msg.type),
    complainant: { name: msg.author.name, phone: msg.phone, buyerId: `${kind}:${msg.author.id}` },
    reason: msg.text,
    severity: intakeSeverity(
      classifyIntake({ kind: 'complaint', reason: msg.text }).severity,
      msg.type,
      source.raise_public_severity,
    ),
    flags: msg.type === 'public_post' ? ['public_post'] : [],
  };
  // The source's message id makes intake idempotent: two deliveries racing each other make one case.
  const key = `intake:${source.id}:${msg.messageId}`;
  try {
    return (await intakeCase(ctx, { ...base, orderNumber: msg.orderNumber }, key)).case.id;
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'ORDER_NOT_FOUND')) throw err;
    // An unknown order number is kept in the text, as on the public form.
    const reason = `${msg.text}\n\n订单号（未匹配）/ order number (no match): ${msg.orderNumber}`;
    return (await intakeCase(ctx, { ...base, reason }, `${key}:unmatched`)).case.id;
  }
}

/** Keeps the message (author, URL, attachment references) and puts it on the timeline; null if already kept. */
async function recordMessage(
  ctx: ServiceContext,
  source: Selectable<IntakeSourcesTable>,
  msg: IntakeMessage,
  caseId: string,
  outcome: 'appended' | 'case_created',
): Promise<IntakeMessageOutcome | null> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const kept = await trx
      .insertInto('intake_messages')
      .values({
        tenant_id: c.tenant_id,
        source_id: source.id,
        message_id: msg.messageId,
        case_id: c.id,
        type: msg.type,
        author_id: msg.author.id,
        author_name: msg.author.name,
        author_profile_url: msg.author.profileUrl ?? null,
        url: msg.url ?? null,
        posted_at: new Date(msg.postedAt),
        attachments: JSON.stringify(msg.attachments ?? []),
        received_at: ctx.now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('message_id')
      .executeTakeFirst();
    if (!kept) return null;
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: c.tenant_id,
      actorUserId: null,
      at: ctx.now,
      event: {
        type: 'message_received',
        data: {
          channel: channelFor(source.kind as IntakeSourceKind, msg.type),
          sourceId: source.id,
          sourceKind: source.kind,
          messageId: msg.messageId,
          messageType: msg.type,
          author: msg.author,
          url: msg.url ?? null,
          text: msg.text,
          postedAt: msg.postedAt,
          attachments: msg.attachments ?? [],
          newCase: outcome === 'case_created',
        },
      },
      audit: { action: 'case.message_in', before: null, after: { sourceId: source.id, messageId: msg.messageId } },
      topic: 'case.message_received',
    });
    return { outcome, caseId: c.id, caseNumber: c.case_number };
  });
}
