import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestResult, ingestRawMail, type MailIntakeDeps } from '../../src/channels/email/ingest.ts';
import type { DB } from '../../src/db/schema.ts';
import { testDatabases } from '../support/databases.ts';
import { buildMail, tinyPng } from '../support/mail-fixtures.ts';

const SAMPLES = '/work/shared/data/email-samples';
const samples = execSync(`find ${SAMPLES} -name '*.eml' | sort`).toString().trim().split('\n');

/** Real mail from the parsers' own test suites, and mail too big for the evidence limits. No HTTP needed here. */
describe.each(testDatabases())('real sample mail on $name', ({ open }) => {
  let database: Awaited<ReturnType<typeof open>>;
  let db: Kysely<DB>;
  let deps: MailIntakeDeps;
  let tenantId: string;
  const ingest = (raw: Buffer, opts: { tenantSlug?: string } = {}) =>
    ingestRawMail(deps, raw, { source: 'import', ...opts });
  const one = async (raw: Buffer) => {
    const r = await ingest(raw);
    expect(r).toHaveLength(1);
    return r[0] as IngestResult & Record<string, any>;
  };

  beforeAll(async () => {
    database = await open();
    db = database.db;
    deps = { db, evidenceDir: `${database.dir}/evidence`, clock: () => new Date('2026-11-02T02:00:00Z') };
    const platform = await db
      .insertInto('tenants')
      .values({ slug: 'plat', name: '平台', kind: 'platform' })
      .returning('id')
      .executeTakeFirstOrThrow();
    tenantId = (
      await db
        .insertInto('tenants')
        .values({ slug: 'ma', name: '商家甲', kind: 'merchant', platform_id: platform.id })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('inbound_addresses').values({ tenant_id: tenantId, address: 'service@ma.test' }).execute();
  }, 120_000);
  afterAll(async () => database?.close());

  it('takes every real sample in: a case, a duplicate of one, an ignored automatic mail or quarantine — none lost', async () => {
    const outcomes: Record<string, string> = {};
    for (const file of samples) {
      const [r] = await ingest(readFileSync(file), { tenantSlug: 'ma' });
      outcomes[file.slice(SAMPLES.length + 1)] = r!.outcome === 'ignored' ? `ignored:${r!.reason}` : r!.outcome;
    }
    expect(Object.keys(outcomes)).toHaveLength(samples.length);
    // Bounces, delivery reports, abuse reports and bulk list mail are recognised and never become cases.
    expect(outcomes['postal-mime/test/fixtures/bounce.eml']).toBe('ignored:auto_submitted');
    expect(outcomes['mailparser/test/fixtures/delivery-status.eml']).toBe('ignored:delivery_report');
    expect(outcomes['postal-mime/test/fixtures/arf.eml']).toBe('ignored:delivery_report');
    expect(outcomes['mailparser/test/fixtures/large_text.eml']).toBe('ignored:bulk_precedence');
    // The same message twice (same Message-ID, or same bytes without one) is one case.
    expect(outcomes['mailparser/test/fixtures/nodemailer.eml']).toBe('duplicate');
    expect(outcomes['postal-mime/test/fixtures/mixed.eml']).toBe('duplicate');
    for (const name of ['mailparser/examples/simple.eml', 'postal-mime/test/fixtures/mimetorture.eml'])
      expect(outcomes[name]).toBe('case_created');
    expect(Object.values(outcomes).every((o) => /^(case_created|duplicate|ignored:.+|quarantined)$/.test(o))).toBe(
      true,
    );
    const ignored = await db.selectFrom('mail_ignored').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(ignored.length).toBe(4);
    // Every case-making sample kept its raw message beside the case.
    const kept = await db.selectFrom('mail_messages').select('raw_key').where('tenant_id', '=', tenantId).execute();
    expect(kept.length).toBe(Object.values(outcomes).filter((o) => o === 'case_created').length);
  });

  it('refuses an oversized attachment as evidence but keeps the case and says why on the timeline', async () => {
    const huge = Buffer.concat([tinyPng, Buffer.alloc(11 * 1024 * 1024, 1)]);
    const r = await one(
      buildMail({
        attachments: [
          { name: 'big.png', type: 'image/png', bytes: huge },
          { name: 'a.zip', type: 'application/zip', bytes: Buffer.from('PK\x03\x04zipbomb?') },
        ],
      }),
    );
    expect(r.outcome).toBe('case_created');
    const message = await db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', r.caseId)
      .where('type', '=', 'message_received')
      .executeTakeFirstOrThrow();
    expect((message.data as any).rejectedAttachments).toMatchObject([
      { fileName: 'big.png', code: 'EVIDENCE_TOO_LARGE' },
      { fileName: 'a.zip', code: 'UNSUPPORTED_EVIDENCE_TYPE' },
    ]);
  });
});
