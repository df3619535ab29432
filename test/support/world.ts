import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import type { Role, TenantKind } from '../../src/domain/vocabulary.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiToken, hashPassword } from '../../src/services/auth.ts';

export const DAY = 86_400_000;

/** A small marketplace for tests: a platform, two merchants, an operations company running merchant A. */
export interface World {
  app: FastifyInstance;
  database: Database;
  now: Date;
  setNow(d: Date): void;
  tenants: Record<'platform' | 'merchantA' | 'merchantB' | 'opsco' | 'otherPlatform', string>;
  /** Bearer token per "tenantKey:role", e.g. tokens['merchantA:agent']. */
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  req(
    token: string | null,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function buildWorld(
  database: Database & { dir: string },
  start = new Date('2026-11-02T02:00:00Z'),
  configOverrides: Partial<Config> = {},
): Promise<World> {
  let now = start;
  const db = database.db;
  const tenant = async (slug: string, name: string, kind: TenantKind, platformId: string | null = null) =>
    (
      await db
        .insertInto('tenants')
        .values({ slug, name, kind, platform_id: platformId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const platform = await tenant('plat', '测试平台', 'platform');
  const otherPlatform = await tenant('plat2', '另一平台', 'platform');
  const merchantA = await tenant('ma', '商家甲', 'merchant', platform);
  const merchantB = await tenant('mb', '商家乙', 'merchant', platform);
  const opsco = await tenant('ops', '代运营公司', 'operations_company', platform);
  await db.insertInto('operations_contracts').values({ tenant_id: merchantA, operations_company_id: opsco }).execute();
  const tenants = { platform, merchantA, merchantB, opsco, otherPlatform };
  const roles: Role[] = ['admin', 'supervisor', 'agent', 'auditor', 'viewer'];
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  const passwordHash = await hashPassword('correct horse battery');
  for (const [key, id] of Object.entries(tenants)) {
    for (const role of roles) {
      const email = `${role}@${key.toLowerCase()}.test`;
      const u = await db
        .insertInto('users')
        .values({ email, display_name: `${key} ${role}`, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('memberships').values({ tenant_id: id, user_id: u.id, role }).execute();
      tokens[`${key}:${role}`] = (await createApiToken(db, email)).token;
      userIds[`${key}:${role}`] = u.id;
    }
  }
  const app = await buildApp({
    config: {
      port: 0,
      host: '127.0.0.1',
      dataDir: database.dir,
      databaseUrl: undefined,
      logLevel: 'silent',
      evidenceDir: `${database.dir}/evidence`,
      ...configOverrides,
    },
    database,
    clock: () => now,
  });
  return {
    app,
    database,
    get now() {
      return now;
    },
    setNow(d: Date) {
      now = d;
    },
    tenants,
    tokens,
    userIds,
    async req(token, method, url, body, headers = {}) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(body === undefined
          ? {}
          : typeof body === 'string' || Buffer.isBuffer(body)
            ? { payload: body }
            : { payload: body as object }),
      });
      let parsed: unknown = res.body;
      try {
        parsed = JSON.parse(res.body);
      } catch {}
      return { status: res.statusCode, body: parsed as any, headers: res.headers };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A valid complaint body; override what the test is about. */
export function complaintBody(over: Record<string, unknown> = {}) {
  return {
    kind: 'complaint',
    channel: 'hotline',
    complainant: { name: '张三', phone: '13812345678' },
    reason: '收到的商品有破损，外包装被压坏，要求退货退款。',
    expectedResolution: 'return_refund',
    category: 'logistics_delay',
    ...over,
  };
}

export function orderBody(over: Record<string, unknown> = {}) {
  return {
    orderNumber: `DD${Math.floor(Math.random() * 1e12)}`,
    buyerName: '张三',
    buyerPhone: '13812345678',
    items: [{ name: '实木餐桌', quantity: 1, priceFen: 129900 }],
    amountFen: 129900,
    state: 'delivered',
    ...over,
  };
}

/** A world whose outgoing mail (replies, notifications) goes to a real SMTP server in the test; close() stops both. */
export async function buildWorldWithMail(database: Database & { dir: string }): Promise<World> {
  const { startSmtpSink } = await import('./smtp-sink.ts');
  const sink = await startSmtpSink();
  const w = await buildWorld(database, undefined, { smtpUrl: sink.url });
  // Not a spread copy: that would freeze the `now` getter at the start time while setNow moves the app's clock.
  const closeWorld = w.close.bind(w);
  w.close = async () => {
    await closeWorld();
    await sink.close();
  };
  return w;
}
