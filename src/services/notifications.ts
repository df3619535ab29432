import { AppError } from '../domain/errors.ts';
import type { Executor, ServiceContext } from './context.ts';
import { type NotificationData, type NotificationKind, render } from './notify-templates.ts';

export interface NewNotification {
  tenantId: string;
  userIds: string[];
  kind: NotificationKind;
  caseId: string;
  data: NotificationData;
  /** Same key for the same user → one notification, however often the job runs. */
  dedupeKey: string;
  email: boolean;
  at: Date;
}

/** Writes inbox rows (and their e-mail copies, sent by the mail job) in the caller's transaction. */
export async function notify(trx: Executor, n: NewNotification): Promise<number> {
  if (n.userIds.length === 0) return 0;
  const users = await trx.selectFrom('users').select(['id', 'email']).where('id', 'in', n.userIds).execute();
  const inserted = await trx
    .insertInto('notifications')
    .values(
      users.map((u) => ({
        tenant_id: n.tenantId,
        user_id: u.id,
        kind: n.kind,
        case_id: n.caseId,
        data: JSON.stringify(n.data),
        dedupe_key: n.dedupeKey,
        created_at: n.at,
        email_to: n.email ? u.email : null,
        email_status: n.email ? ('pending' as const) : ('none' as const),
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** Members of a tenant with the given roles: who a breach is reported to. */
export async function membersWithRole(trx: Executor, tenantId: string, roles: ('admin' | 'supervisor' | 'agent')[]) {
  const rows = await trx
    .selectFrom('memberships')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('role', 'in', roles)
    .execute();
  return rows.map((r) => r.user_id);
}

function present(r: {
  id: string;
  kind: string;
  case_id: string | null;
  data: unknown;
  created_at: Date;
  read_at: Date | null;
}) {
  const data = r.data as NotificationData;
  const kind = r.kind as NotificationKind;
  const zh = render(kind, data, 'zh-CN');
  const en = render(kind, data, 'en');
  return {
    id: r.id,
    kind,
    caseId: r.case_id,
    title: zh.subject,
    titleEn: en.subject,
    body: zh.text,
    bodyEn: en.text,
    data,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  };
}

/** The user's inbox in the current organisation, newest first. */
export async function listNotifications(ctx: ServiceContext, opts: { unread?: boolean; limit: number }) {
  if (!ctx.actor.userId) return { items: [], unread: 0 };
  let q = ctx.db
    .selectFrom('notifications')
    .select(['id', 'kind', 'case_id', 'data', 'created_at', 'read_at'])
    .where('user_id', '=', ctx.actor.userId)
    .where('tenant_id', '=', ctx.actor.tenantId);
  if (opts.unread) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).execute();
  return { items: rows.map(present), unread: await unreadCount(ctx) };
}

export async function unreadCount(ctx: ServiceContext): Promise<number> {
  if (!ctx.actor.userId) return 0;
  const r = await ctx.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', ctx.actor.userId)
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks one (or, without an id, every) notification of the user as read. Reading is not audited: no data changes. */
export async function markRead(ctx: ServiceContext, id?: string) {
  if (!ctx.actor.userId) return { updated: 0 };
  if (id !== undefined && !/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOTIFICATION_NOT_FOUND', { id });
  let q = ctx.db
    .updateTable('notifications')
    .set({ read_at: ctx.now })
    .where('user_id', '=', ctx.actor.userId)
    .where('tenant_id', '=', ctx.actor.tenantId);
  if (id) {
    q = q.where('id', '=', id);
    const owned = await ctx.db
      .selectFrom('notifications')
      .select('read_at')
      .where('id', '=', id)
      .where('user_id', '=', ctx.actor.userId)
      .where('tenant_id', '=', ctx.actor.tenantId)
      .executeTakeFirst();
    if (!owned) throw new AppError('NOTIFICATION_NOT_FOUND', { id });
    if (owned.read_at) return { updated: 0 };
  } else q = q.where('read_at', 'is', null);
  const r = await q.executeTakeFirst();
  return { updated: Number(r.numUpdatedRows) };
}
