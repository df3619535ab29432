import { loadVisibleCase } from './case-queries.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { presentEscalation } from './escalations.ts';
import { presentFollowUp } from './follow-ups.ts';
import { presentForward } from './forward-store.ts';
import { presentOffer } from './offer-view.ts';
import { presentOrder } from './orders.ts';
import { recordPiiAccess } from './pii-access.ts';
import { presentPromise } from './promise-store.ts';
import { writeAudit } from './record.ts';

/**
 * The complete file of a case for an outside body (12315, 消费者协会, arbitration, court): who complains about
 * whom, the order, what happened step by step, the evidence with its SHA-256, what was offered and promised,
 * and what was said to the complainant. Internal notes and each party's side notes stay out.
 */
export async function buildDossier(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const partyIds = [c.tenant_id, c.respondent_tenant_id, c.platform_tenant_id, c.ops_tenant_id].filter(
    (t): t is string => t !== null,
  );
  const [tenants, order, events, evidence, offers, promises, followUps, escalations, forwards] = await Promise.all([
    ctx.db.selectFrom('tenants').select(['id', 'name', 'kind']).where('id', 'in', partyIds).execute(),
    c.order_id ? ctx.db.selectFrom('orders').selectAll().where('id', '=', c.order_id).executeTakeFirst() : undefined,
    ctx.db
      .selectFrom('case_events')
      .leftJoin('users', 'users.id', 'case_events.actor_user_id')
      .select([
        'case_events.id',
        'case_events.type',
        'case_events.at',
        'case_events.data',
        'case_events.actor_tenant_id',
        'users.display_name',
      ])
      .where('case_events.tenant_id', '=', c.tenant_id)
      .where('case_events.case_id', '=', c.id)
      .orderBy('case_events.id')
      .execute(),
    ctx.db
      .selectFrom('evidence')
      .select(['id', 'sha256', 'mime', 'size_bytes', 'file_name', 'description', 'created_at'])
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .orderBy('created_at')
      .execute(),
    ctx.db
      .selectFrom('offers')
      .selectAll()
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .orderBy('created_at')
      .execute(),
    ctx.db
      .selectFrom('promises')
      .selectAll()
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .orderBy('created_at')
      .execute(),
    ctx.db
      .selectFrom('follow_ups')
      .selectAll()
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .orderBy('created_at')
      .execute(),
    ctx.db
      .selectFrom('escalations')
      .selectAll()
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .orderBy('created_at')
      .execute(),
    ctx.db
      .selectFrom('case_forwards')
      .selectAll()
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .orderBy('forwarded_at')
      .execute(),
  ]);
  const party = (id: string | null) => {
    const t = tenants.find((x) => x.id === id);
    return t ? { id: t.id, name: t.name, kind: t.kind } : null;
  };
  const isInternal = (e: { type: string; data: unknown }) =>
    e.type === 'note' && (e.data as { visibility?: string }).visibility !== 'customer';
  const timeline = events
    .filter((e) => !isInternal(e))
    .map((e) => ({
      at: e.at.toISOString(),
      type: e.type,
      actor: e.display_name ?? null,
      actorParty: party(e.actor_tenant_id)?.name ?? null,
      data: e.data as unknown as Record<string, unknown>,
    }));
  const view = presentCase(c, ctx.actor, ctx.now);
  await recordPiiAccess(ctx.db, ctx.actor, [c], 'dossier', ctx.now);
  await writeAudit(ctx.db, {
    tenantId: ctx.actor.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'case.dossier_export',
    entity: 'case',
    entityId: c.id,
    before: null,
    after: { events: timeline.length, evidence: evidence.length },
    at: ctx.now,
  });
  return {
    generatedAt: ctx.now.toISOString(),
    case: {
      caseNumber: view.caseNumber,
      kind: view.kind,
      channel: view.channel,
      status: view.status,
      category: view.category,
      severity: view.severity,
      reason: view.reason,
      expectedResolution: view.expectedResolution,
      resolution: view.resolution,
      rootCause: view.rootCause,
      createdAt: view.createdAt,
      resolvedAt: view.resolvedAt,
      closedAt: view.closedAt,
    },
    parties: {
      complainant: view.complainant,
      respondent: party(c.respondent_tenant_id),
      owner: party(c.tenant_id),
      platform: party(c.platform_tenant_id),
      operationsCompany: party(c.ops_tenant_id),
    },
    order: order ? presentOrder(order, ctx.actor) : null,
    timeline,
    evidence: evidence.map((e) => ({
      id: e.id,
      fileName: e.file_name,
      mime: e.mime,
      sizeBytes: Number(e.size_bytes),
      sha256: e.sha256,
      description: e.description,
      createdAt: e.created_at.toISOString(),
    })),
    offers: offers.map(presentOffer),
    promises: promises.map((p) => presentPromise(p, ctx.now)),
    followUps: followUps.map(presentFollowUp),
    escalations: escalations.map(presentEscalation),
    forwards: forwards.map((f) => presentForward(f, ctx.now)),
    communications: timeline.filter((e) =>
      ['note', 'respondent_replied', 'offer_sent', 'offer_answered', 'follow_up_answered'].includes(e.type),
    ),
  };
}
export type Dossier = Awaited<ReturnType<typeof buildDossier>>;
