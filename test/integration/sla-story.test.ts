import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobsOnce } from '../../src/jobs/run-once.ts';
import { createMailer, type Mailer } from '../../src/services/mailer.ts';
import { backoffMs, MAX_ATTEMPTS } from '../../src/services/webhook-delivery.ts';
import { testDatabases } from '../support/databases.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { buildWorld, complaintBody, orderBody, type World } from '../support/world.ts';

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A real HTTP receiver that answers with `status` and keeps what it got. */
async function startReceiver(status: number) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hooks`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The receiver's recipe from docs/sla-and-webhooks.md, written independently of Kesu's own code. */
function receiverVerifies(secret: string, r: Received, toleranceSeconds = 300): boolean {
  const id = r.headers['webhook-id']!;
  const ts = r.headers['webhook-timestamp']!;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > toleranceSeconds) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = `v1,${createHmac('sha256', key).update(`${id}.${ts}.${r.body}`).digest('base64')}`;
  return r.headers['webhook-signature']!.split(' ').some(
    (sig) => sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected)),
  );
}

const FRIDAY_17H = new Date('2026-09-18T09:00:00Z'); // Friday before National Day, 17:00 in Shanghai

describe.each(testDatabases())(
  'SLA story: make-up Sunday, breach, escalation, e-mail, signed webhook on $name',
  ({ open }) => {
    let w: World;
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let failing: Awaited<ReturnType<typeof startReceiver>>;
    let mailer: Mailer;
    beforeAll(async () => {
      w = await buildWorld(await open(), FRIDAY_17H);
      sink = await startSmtpSink();
      receiver = await startReceiver(204);
      failing = await startReceiver(500);
      mailer = createMailer(sink.url);
    });
    afterAll(async () => {
      mailer?.close();
      await Promise.all([sink?.close(), receiver?.close(), failing?.close()]);
      await w?.close();
    });
    const run = () => runJobsOnce(w.database.db, mailer, w.now);

    it('sets a policy, files on Friday, lands on the make-up Sunday, breaches, escalates, e-mails and calls a webhook', async () => {
      const admin = w.tokens['merchantA:admin']!;
      const policy = await w.req(admin, 'POST', '/api/v1/sla/policies', {
        name: '投诉首次响应 2 个工作小时',
        match: { kind: 'complaint' },
        targets: { first_response: { amount: 2, unit: 'working_hours' } },
        onBreach: ['notify_supervisor', 'raise_severity', 'escalate'],
      });
      expect(policy.status).toBe(201);
      const hook = await w.req(admin, 'POST', '/api/v1/webhooks/endpoints', {
        url: receiver.url,
        eventTypes: ['sla.breached', 'case.status_changed'],
      });
      expect(hook.status).toBe(201);
      expect(hook.body.secret).toMatch(/^whsec_/);
      expect((await w.req(w.tokens['merchantA:supervisor']!, 'GET', '/api/v1/webhooks/endpoints')).status).toBe(403);

      const agent = w.tokens['merchantA:agent']!;
      const order = await w.req(agent, 'POST', '/api/v1/orders', orderBody());
      const filed = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ orderNumber: order.body.orderNumber }));
      expect(filed.status).toBe(201);
      const id = filed.body.id;
      // 17:00–18:00 Friday, Saturday off, Sunday 20 September is a make-up working day: due Sunday 10:00.
      expect(filed.body.sla.targets.first_response.dueAt).toBe('2026-09-20T02:00:00.000Z');
      expect(filed.body.severity).toBe(2);

      // Nothing is due over the weekend's Saturday: the sweep leaves the case alone.
      w.setNow(new Date('2026-09-19T12:00:00Z'));
      await run();
      expect(
        (await w.req(w.tokens['merchantA:supervisor']!, 'GET', '/api/v1/notifications/unread-count')).body,
      ).toEqual({
        unread: 0,
      });

      // Sunday 09:40: 80 % used (96 of 120 working minutes) → a warning in the supervisors' inbox (nobody assigned).
      w.setNow(new Date('2026-09-20T01:40:00Z'));
      await run();
      const sup = w.tokens['merchantA:supervisor']!;
      let inbox = await w.req(sup, 'GET', '/api/v1/notifications');
      expect(inbox.body.unread).toBe(1);
      expect(inbox.body.items[0]).toMatchObject({ kind: 'sla.warning', caseId: id });
      expect(inbox.body.items[0].title).toContain('时效预警');
      expect(sink.received).toHaveLength(0);

      // Sunday 10:05: breached → escalated as the system, severity raised, supervisor e-mailed, webhook called.
      w.setNow(new Date('2026-09-20T02:05:00Z'));
      await run();
      const c = (await w.req(agent, 'GET', `/api/v1/cases/${id}`)).body;
      expect(c).toMatchObject({ status: 'escalated', severity: 3, statusReason: 'SLA_BREACHED:first_response' });
      expect(c.sla.targets.first_response).toMatchObject({ breached: true, warned: true, leftMinutes: -5 });
      const timeline = (await w.req(agent, 'GET', `/api/v1/cases/${id}/timeline`)).body.items.map(
        (e: { type: string }) => e.type,
      );
      expect(timeline).toEqual(
        expect.arrayContaining(['sla_warning', 'sla_breached', 'severity_raised', 'status_changed']),
      );

      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]!.to).toEqual(['supervisor@merchanta.test']);
      expect(sink.received[0]!.raw).toContain('Message-ID: <');
      inbox = await w.req(sup, 'GET', '/api/v1/notifications?unread=true');
      expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toEqual(['sla.breached', 'sla.warning']);

      const events = receiver.got.map((r) => JSON.parse(r.body));
      expect(events.map((e) => e.type).sort()).toEqual(['case.status_changed', 'sla.breached']);
      expect(events.find((e) => e.type === 'sla.breached').data).toMatchObject({
        caseId: id,
        target: 'first_response',
      });
      for (const r of receiver.got) expect(receiverVerifies(hook.body.secret, r)).toBe(true);
      // A tampered body or a wrong secret does not verify.
      expect(receiverVerifies(hook.body.secret, { ...receiver.got[0]!, body: `${receiver.got[0]!.body} ` })).toBe(
        false,
      );
      expect(receiverVerifies(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, receiver.got[0]!)).toBe(false);

      // Running every job again changes nothing: no second e-mail, notification or webhook call.
      w.setNow(new Date('2026-09-20T02:10:00Z'));
      await run();
      await run();
      expect(sink.received).toHaveLength(1);
      expect(receiver.got).toHaveLength(2);
      expect((await w.req(sup, 'GET', '/api/v1/notifications/unread-count')).body.unread).toBe(2);

      // Reading the inbox.
      const first = inbox.body.items[0].id;
      expect((await w.req(sup, 'POST', `/api/v1/notifications/${first}/read`)).body).toEqual({ updated: 1 });
      expect(
        (await w.req(w.tokens['merchantB:supervisor']!, 'POST', `/api/v1/notifications/${first}/read`)).status,
      ).toBe(404);
      expect((await w.req(sup, 'POST', '/api/v1/notifications/read-all')).body).toEqual({ updated: 1 });
      expect((await w.req(sup, 'GET', '/api/v1/notifications/unread-count')).body.unread).toBe(0);
    });

    it('retries a failing endpoint with exponential backoff, dead-letters it after the last try, and redelivers', async () => {
      const admin = w.tokens['merchantB:admin']!;
      const hook = await w.req(admin, 'POST', '/api/v1/webhooks/endpoints', {
        url: failing.url,
        eventTypes: ['case.created'],
      });
      expect(hook.status).toBe(201);
      const agent = w.tokens['merchantB:agent']!;
      const order = await w.req(agent, 'POST', '/api/v1/orders', orderBody());
      await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ orderNumber: order.body.orderNumber }));
      let t = w.now.getTime();
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await run();
        expect(failing.got).toHaveLength(attempt);
        const log = (await w.req(admin, 'GET', '/api/v1/webhooks/deliveries')).body.items;
        expect(log).toHaveLength(1);
        expect(log[0]).toMatchObject({ attempts: attempt, lastStatusCode: 500 });
        if (attempt < MAX_ATTEMPTS) {
          expect(log[0].nextAttemptAt).toBe(new Date(t + backoffMs(attempt)).toISOString());
          // Not yet due: nothing is sent.
          await run();
          expect(failing.got).toHaveLength(attempt);
          t += backoffMs(attempt);
          w.setNow(new Date(t));
        }
      }
      const dead = (await w.req(admin, 'GET', '/api/v1/webhooks/deliveries?status=dead')).body.items;
      expect(dead).toHaveLength(1);
      expect(receiverVerifies(hook.body.secret, failing.got.at(-1)!)).toBe(true);
      const ids = new Set(failing.got.map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(1);

      const detail = await w.req(admin, 'GET', `/api/v1/webhooks/deliveries/${dead[0].id}`);
      expect(detail.body.attemptLog).toHaveLength(MAX_ATTEMPTS);
      expect(
        (await w.req(w.tokens['merchantA:admin']!, 'GET', `/api/v1/webhooks/deliveries/${dead[0].id}`)).status,
      ).toBe(404);
      const again = await w.req(admin, 'POST', `/api/v1/webhooks/deliveries/${dead[0].id}/redeliver`);
      expect(again.body).toMatchObject({ status: 'pending', attempts: 0 });
      await run();
      expect(failing.got).toHaveLength(MAX_ATTEMPTS + 1);
    });
  },
);
