import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail, type MailIntakeDeps } from '../../src/channels/email/ingest.ts';
import { errorCatalog } from '../../src/domain/errors.ts';
import { testDatabases } from '../support/databases.ts';
import { errorShapeProblems } from '../support/http-checks.ts';
import { importUpload } from '../support/import-files.ts';
import { malformedMail } from '../support/malformed-mail.ts';
import { malformedTable } from '../support/malformed-tables.ts';
import { buildWorld, type World } from '../support/world.ts';

/**
 * Malformed mail through the mail intake and malformed CSV/XLSX files through the importer. A mail ends as a
 * case or reply (or an ignored automatic mail, or a redelivery of one already taken) or in quarantine with a
 * reason: mails in = accepted + quarantined. A file is refused as a whole with a code, or imported with a
 * reason for every rejected row. Never a crash, never a 5xx. KESU_FUZZ_SEED replays a run.
 */
const SEED = Number(process.env.KESU_FUZZ_SEED ?? 20_261_201);
const COUNT = { pglite: 2000, postgres: 300 } as const;
const count = (db: keyof typeof COUNT) => Number(process.env.KESU_FUZZ_INTAKE_COUNT) || COUNT[db];

describe.each(testDatabases())('intake fuzzing on $name', ({ name, open }) => {
  let w: World;
  let deps: MailIntakeDeps;
  const crashes: unknown[] = [];
  const onCrash = (e: unknown) => crashes.push(e);

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    const database = await open();
    w = await buildWorld(database);
    deps = { db: database.db, evidenceDir: `${database.dir}/evidence`, clock: () => w.now };
    const added = await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/mail/inbound-addresses', {
      address: 'service@ma.test',
    });
    expect(added.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await w?.close();
  });

  const rowsIn = async (table: 'mail_quarantine' | 'mail_ignored' | 'mail_messages') => {
    let q = w.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
    if (table === 'mail_messages') q = q.where('direction', '=', 'in');
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('takes in every malformed mail as a case or reply, or quarantines it with a reason; none lost', async () => {
    const n = count(name);
    const before = {
      quarantine: await rowsIn('mail_quarantine'),
      ignored: await rowsIn('mail_ignored'),
      messages: await rowsIn('mail_messages'),
    };
    const makers = fc.sample(
      fc.tuple(malformedMail('service@ma.test'), fc.constantFrom('envelope', 'headers', 'slug')),
      { seed: SEED, numRuns: n },
    );
    const tally: Record<string, number> = {};
    const problems: string[] = [];
    let quarantinedBytes = 0;
    for (const [i, [make, route]] of makers.entries()) {
      const raw = make(i);
      const opts =
        route === 'envelope' ? { envelopeTo: ['service@ma.test'] } : route === 'slug' ? { tenantSlug: 'ma' } : {};
      try {
        const results = await ingestRawMail(deps, raw, { source: 'import', ...opts });
        if (results.length !== 1) problems.push(`mail ${i}: ${results.length} outcomes`);
        for (const r of results) {
          tally[r.outcome] = (tally[r.outcome] ?? 0) + 1;
          if (r.outcome === 'quarantined') {
            quarantinedBytes += raw.length;
            if (!r.reason) problems.push(`mail ${i}: quarantined without a reason`);
          }
        }
      } catch (err) {
        problems.push(`mail ${i} threw ${String(err).slice(0, 200)}: ${raw.subarray(0, 200).toString('latin1')}`);
      }
    }
    const accepted = (tally.case_created ?? 0) + (tally.threaded ?? 0) + (tally.duplicate ?? 0) + (tally.ignored ?? 0);
    console.log(
      `mail fuzz on ${name}: ${n} mails in, ${accepted} accepted, ${tally.quarantined ?? 0} quarantined (seed ${SEED})`,
      tally,
    );
    expect(problems.slice(0, 20), `replay with KESU_FUZZ_SEED=${SEED}`).toEqual([]);
    expect(accepted + (tally.quarantined ?? 0)).toBe(n);
    // What the outcomes say is what the database holds.
    expect({
      quarantine: (await rowsIn('mail_quarantine')) - before.quarantine,
      ignored: (await rowsIn('mail_ignored')) - before.ignored,
      messages: (await rowsIn('mail_messages')) - before.messages,
    }).toEqual({
      quarantine: tally.quarantined ?? 0,
      ignored: tally.ignored ?? 0,
      messages: (tally.case_created ?? 0) + (tally.threaded ?? 0),
    });
    const held = await w.database.db
      .selectFrom('mail_quarantine')
      .select((eb) => [eb.fn.sum<string>('size_bytes').as('bytes'), eb.fn.countAll<string>().as('n')])
      .where('reason', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(held.bytes ?? 0)).toBe(quarantinedBytes);
    expect(crashes).toEqual([]);
  }, 900_000);

  it('refuses each malformed CSV/XLSX file with a code, or imports it with a reason for every rejected row', async () => {
    const n = count(name);
    const agent = w.tokens['merchantA:agent']!;
    const files = fc.sample(
      fc
        .constantFrom('orders', 'complaints', 'reviews')
        .chain((kind) => malformedTable(kind).map((f) => ({ kind, f }))),
      { seed: SEED + 1, numRuns: n },
    );
    const tally: Record<string, number> = {};
    const problems: string[] = [];
    for (const [i, { kind, f }] of files.entries()) {
      const { bytes, name: fileName } = await f;
      if (process.env.KESU_FUZZ_VERBOSE === '1') console.log(`file ${i} ${kind} ${fileName} ${bytes.length}`);
      const { payload, headers } = importUpload(bytes, fileName);
      const res = await w.req(agent, 'POST', `/api/v1/imports/${kind}`, payload, headers);
      const where = `file ${i} (${kind}, ${fileName}, ${bytes.length} bytes: ${JSON.stringify(bytes.subarray(0, 80).toString('latin1'))})`;
      if (res.status === 201) {
        const c = res.body.counts;
        tally[c.failed ? 'imported with row errors' : 'imported'] =
          (tally[c.failed ? 'imported with row errors' : 'imported'] ?? 0) + 1;
        if (c.processed !== c.created + c.updated + c.unchanged + c.failed)
          problems.push(`${where}: counts do not add up ${JSON.stringify(c)}`);
        if (c.failed > 0) {
          const errs = await w.req(agent, 'GET', `/api/v1/imports/${res.body.id}/errors?limit=200`);
          const rowsWithReason = new Set(
            (errs.body.items as { rowNumber: number; code: string; messageZh: string; message: string }[])
              .filter((e) => e.code && e.messageZh && e.message)
              .map((e) => e.rowNumber),
          );
          if (rowsWithReason.size < Math.min(c.failed, 1)) problems.push(`${where}: rejected rows without a reason`);
        }
      } else if (res.status >= 400 && res.status < 500) {
        const code = res.body?.error?.code;
        tally[code] = (tally[code] ?? 0) + 1;
        if (!(code in errorCatalog)) problems.push(`${where}: unknown code ${code}`);
        problems.push(...errorShapeProblems(res).map((p) => `${where}: ${p}`));
      } else {
        problems.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    console.log(`import fuzz on ${name}: ${n} files (seed ${SEED + 1})`, tally);
    expect(problems.slice(0, 20), `replay with KESU_FUZZ_SEED=${SEED}`).toEqual([]);
    expect(crashes).toEqual([]);
  }, 900_000);
});
