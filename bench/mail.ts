import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { ingestRawMail, type MailIntakeDeps } from '../src/channels/email/ingest.ts';
import { readMailSources } from '../src/channels/email/mail-files.ts';
import { createMailer } from '../src/services/mailer.ts';
import { buildMail, tinyPng } from '../test/support/mail-fixtures.ts';
import {
  addTenant,
  createBenchDb,
  envNumber,
  machine,
  revision,
  round,
  serverVersion,
  withClient,
  writeResult,
} from './support.ts';

const GOAL_MAILS_PER_SECOND = 300;
const SAMPLES = join(import.meta.dirname, '..', '..', 'shared', 'data', 'email-samples');

const subjects = [
  '投诉：收到的餐桌有裂缝',
  '快递一周没到，要求退款',
  '客服态度恶劣',
  '商品与描述不符',
  '退款迟迟不到账',
];
const bodies = [
  '订单 DD2026110201 的实木餐桌桌面有一条很长的裂缝，要求退货退款。',
  '我在贵店买的保温杯，物流显示已签收但我根本没收到，请尽快处理，要求退款。',
  '客服说话很不客气，问了三遍都不回答，要求道歉。',
  '页面写的是纯棉，收到的是化纤，和描述完全不符，要求退货。',
  '申请退款已经十天了还没到账，再不处理我就投诉到12315。',
];
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The mix Chinese shops receive: UTF-8 and GBK/GB18030 bodies and subjects, HTML, photos and PDFs attached. */
function generate(dir: string, n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    const charset = i % 3 === 0 ? 'GBK' : i % 7 === 0 ? 'GB18030' : 'UTF-8';
    const attach = i % 5 === 0;
    const mail = buildMail({
      from: `buyer${i}@example.cn`,
      to: 'service@bench-shop.test',
      charset,
      subject: `${subjects[i % subjects.length]} #${i}`,
      body: bodies[i % bodies.length],
      html: i % 4 === 1,
      messageId: `<bench-${tag}-${i}@example.cn>`,
      ...(attach
        ? {
            attachments:
              i % 10 === 0
                ? [{ name: '破损照片.png', type: 'image/png', bytes: tinyPng }]
                : [{ name: 'order.pdf', type: 'application/pdf', bytes: pdf }],
          }
        : {}),
    });
    writeFileSync(join(dir, `${String(i).padStart(6, '0')}.eml`), mail);
  }
}

/** The real messages of mailparser's and postal-mime's test suites (bounces, calendar invites, MIME torture …). */
function sampleFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.eml')) out.push(p);
    }
  };
  try {
    walk(SAMPLES);
  } catch {}
  return out.sort();
}

const RAW_INSERT = `INSERT INTO cases (tenant_id, case_number, kind, channel, status, respondent_tenant_id, platform_tenant_id,
  complainant_name, complainant_email, reason, severity, missing)
  VALUES ($1, $2, 'complaint', 'email', 'awaiting_customer', $1, $3, $4, $5, $6, 2, '["expected_resolution"]')`;

/**
 * E-mail intake throughput on PostgreSQL: N generated .eml files read from a directory and taken in through
 * ingestRawMail (the `kesu import-mail` path: parse, thread, classify, route, SLA, timeline, audit), one at a time
 * like the command and 8 at a time like concurrent SMTP sessions; against a raw INSERT loop of the cases row.
 */
export async function mailBench() {
  const n = envNumber('BENCH_MAILS', 3000);
  const dir = mkdtempSync(join(tmpdir(), 'kesu-bench-mail-'));
  const bench = await createBenchDb(10);
  try {
    const { database, url } = bench;
    const platform = await addTenant(database, 'bench-plat', '基准平台', 'platform', null);
    const shop = await addTenant(database, 'bench-shop', '基准旗舰店', 'merchant', platform);
    const sequentialDir = join(dir, 'sequential');
    const concurrentDir = join(dir, 'concurrent');
    mkdirSync(sequentialDir);
    mkdirSync(concurrentDir);
    generate(sequentialDir, n, 'seq');
    generate(concurrentDir, n, 'par');
    const mailer = createMailer(undefined);
    const deps: MailIntakeDeps = {
      db: database.db,
      evidenceDir: join(dir, 'evidence'),
      clock: () => new Date(),
      out: { mailer, domain: 'kesu.local', publicUrl: undefined },
    };
    const opts = { source: 'import' as const, tenantSlug: 'bench-shop' };
    await withClient(url, (c) => c.query('CHECKPOINT'));

    const outcomes: Record<string, number> = {};
    const count = (rs: { outcome: string }[]) => {
      for (const r of rs) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    };
    let t = performance.now();
    for await (const source of readMailSources(sequentialDir)) count(await ingestRawMail(deps, source.bytes, opts));
    const sequentialSeconds = (performance.now() - t) / 1000;

    const files = readdirSync(concurrentDir).sort();
    t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < files.length; i = next++)
          count(await ingestRawMail(deps, readFileSync(join(concurrentDir, files[i]!)), opts));
      }),
    );
    const concurrentSeconds = (performance.now() - t) / 1000;

    const samples = sampleFiles();
    const sampleOutcomes: Record<string, number> = {};
    for (const f of samples)
      for (const r of await ingestRawMail(deps, readFileSync(f), opts))
        sampleOutcomes[r.outcome] = (sampleOutcomes[r.outcome] ?? 0) + 1;

    // The floor: one autocommitted INSERT of an equivalent cases row per mail, one client.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    t = performance.now();
    for (let i = 0; i < n; i++)
      await client.query(RAW_INSERT, [
        shop,
        `RAW-${i}`,
        platform,
        `buyer${i}`,
        `buyer${i}@example.cn`,
        bodies[i % bodies.length],
      ]);
    const rawSeconds = (performance.now() - t) / 1000;
    await client.end();

    const sequential = n / sequentialSeconds;
    const concurrent = n / concurrentSeconds;
    const raw = n / rawSeconds;
    const result = {
      bench: 'mail',
      what: `${n.toLocaleString('en')} generated .eml per run (⅓ GBK, some GB18030, ¼ HTML, ⅕ with a PNG or PDF attached) through ingestRawMail on PostgreSQL`,
      goal: { mailsPerSecond: GOAL_MAILS_PER_SECOND },
      pass: Math.max(sequential, concurrent) >= GOAL_MAILS_PER_SECOND,
      sequential: {
        how: 'one at a time from a directory, as `kesu import-mail <dir>`',
        seconds: round(sequentialSeconds),
        mailsPerSecond: round(sequential, 1),
      },
      concurrent: {
        how: '8 at a time, as concurrent SMTP sessions',
        seconds: round(concurrentSeconds),
        mailsPerSecond: round(concurrent, 1),
      },
      rawInsertLoop: {
        how: 'one autocommitted INSERT of the cases row per mail, one client',
        seconds: round(rawSeconds),
        insertsPerSecond: round(raw, 1),
      },
      ratioToRawInsert: { sequential: round(sequential / raw, 3), concurrent: round(concurrent / raw, 3) },
      outcomes,
      realSamples: { files: samples.length, outcomes: sampleOutcomes },
      postgres: await serverVersion(url),
      machine: machine(),
      revision: revision(),
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`wrote ${writeResult('mail', result)}`);
    return result;
  } finally {
    await bench.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
