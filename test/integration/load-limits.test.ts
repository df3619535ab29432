import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config, Limits } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { LOGIN_FAILURES_PER_EMAIL } from '../../src/http/routes/auth.ts';
import { testDatabases } from '../support/databases.ts';
import { heldPost } from '../support/held-post.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

const MINUTE = 60_000;
const off: Limits = { maxInflight: 0, maxEventLoopDelayMs: 0, perToken: 0, perIp: 0, windowMs: MINUTE };

/** A POST whose body is sent in two halves: the request stays in flight until `finish()` sends the rest. */

describe.each(testDatabases())('overload, rate and input limits on $name', ({ open }) => {
  let w: World;
  let dir: string;
  let now = new Date('2026-11-02T02:00:00Z');
  let loopDelay = 0;
  let limited: FastifyInstance;
  let loaded: FastifyInstance;
  let port: number;
  const appWith = (limits: Limits) =>
    buildApp({
      config: {
        port: 0,
        host: '127.0.0.1',
        dataDir: dir,
        databaseUrl: undefined,
        logLevel: 'silent',
        evidenceDir: `${dir}/evidence`,
        limits,
      } satisfies Config,
      database: w.database,
      clock: () => now,
      loopDelayMs: () => loopDelay,
    });
  const call = (app: FastifyInstance, token: string | undefined, url: string, ip = '10.0.0.1') =>
    app.inject({
      method: 'GET',
      url,
      remoteAddress: ip,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  beforeAll(async () => {
    const database = await open();
    dir = database.dir;
    w = await buildWorld(database);
    limited = await appWith({ ...off, perToken: 5, perIp: 8 });
    loaded = await appWith({ ...off, maxInflight: 2, maxEventLoopDelayMs: 500 });
    await loaded.listen({ port: 0, host: '127.0.0.1' });
    port = (loaded.server.address() as AddressInfo).port;
  }, 120_000);
  afterAll(async () => {
    await limited?.close();
    await loaded?.close();
    await w?.close();
  });

  it('answers 429 with Retry-After once a token has used its window, per token, and again after the window', async () => {
    const agent = w.tokens['merchantA:agent']!;
    for (let i = 0; i < 5; i++)
      expect((await call(limited, agent, '/api/v1/cases', `10.1.0.${i}`)).statusCode).toBe(200);
    const refused = await call(limited, agent, '/api/v1/cases', '10.1.0.9');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBe(60);
    // Another token from the same place is not affected.
    expect((await call(limited, w.tokens['merchantA:supervisor']!, '/api/v1/cases', '10.1.0.9')).statusCode).toBe(200);
    now = new Date(now.getTime() + 30_000);
    expect(Number((await call(limited, agent, '/api/v1/cases', '10.1.1.1')).headers['retry-after'])).toBe(30);
    now = new Date(now.getTime() + 30_001);
    expect((await call(limited, agent, '/api/v1/cases', '10.1.1.2')).statusCode).toBe(200);
  });

  it('limits one client address across tokens and without a token, but never the health check', async () => {
    const tokens = ['merchantB:agent', 'merchantB:viewer', 'opsco:agent', 'opsco:viewer'].map((k) => w.tokens[k]!);
    for (let i = 0; i < 8; i++) {
      const r = await call(
        limited,
        i % 2 ? tokens[i % 4] : undefined,
        i % 2 ? '/api/v1/cases' : '/api/v1/me',
        '10.2.0.1',
      );
      expect(r.statusCode).not.toBe(429);
    }
    const refused = await call(limited, tokens[0], '/api/v1/cases', '10.2.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await call(limited, undefined, '/healthz', '10.2.0.1')).statusCode).toBe(200);
    expect((await call(limited, tokens[0], '/api/v1/cases', '10.2.0.2')).statusCode).toBe(200);
  });

  it('throttles sign-in after repeated wrong passwords for one e-mail, not for people who sign in correctly', async () => {
    const login = (email: string, password: string, ip = '10.3.0.1') =>
      w.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password } });
    for (let i = 0; i < 12; i++)
      expect((await login('viewer@merchantB.test', 'correct horse battery')).statusCode).toBe(200);
    for (let i = 0; i < LOGIN_FAILURES_PER_EMAIL; i++)
      expect((await login('admin@merchantB.test', `guess-${i}`, `10.3.1.${i}`)).json().error.code).toBe(
        'INVALID_CREDENTIALS',
      );
    // Now even the right password is refused for a while: the guesser cannot learn that it was right.
    const refused = await login('admin@merchantB.test', 'correct horse battery', '10.3.2.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('supervisor@merchantB.test', 'correct horse battery', '10.3.2.1')).statusCode).toBe(200);
    w.setNow(new Date(w.now.getTime() + 15 * MINUTE + 1));
    expect((await login('admin@merchantB.test', 'correct horse battery', '10.3.2.1')).statusCode).toBe(200);
  });

  it('answers 503 OVERLOADED with Retry-After beyond the in-flight bound, and the held requests still finish', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const held = [0, 1].map(() => heldPost(port, '/api/v1/cases', agent, complaintBody()));
    // Both are counted once the server has their headers: wait until a third is refused.
    let third: Response | undefined;
    for (let i = 0; i < 100 && third?.status !== 503; i++) {
      third = await fetch(`http://127.0.0.1:${port}/api/v1/cases`, { headers: { authorization: `Bearer ${agent}` } });
      if (third.status !== 503) await new Promise((r) => setTimeout(r, 20));
    }
    expect(third?.status).toBe(503);
    expect(third?.headers.get('retry-after')).toBe('1');
    expect(((await third!.json()) as any).error).toMatchObject({ code: 'OVERLOADED', details: { reason: 'inflight' } });
    const done = await Promise.all(held.map((h) => h.finish()));
    expect(done.map((d) => d.status)).toEqual([201, 201]);
    const after = await fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(after.status).toBe(200);
  });

  it('sheds requests while the event loop lags, keeping the health check up', async () => {
    loopDelay = 2_000;
    try {
      const r = await call(loaded, w.tokens['merchantA:agent']!, '/api/v1/cases');
      expect(r.statusCode).toBe(503);
      expect(r.json().error).toMatchObject({ code: 'OVERLOADED', details: { reason: 'event_loop_delay' } });
      expect(r.headers['retry-after']).toBe('1');
      expect((await call(loaded, undefined, '/healthz')).statusCode).toBe(200);
    } finally {
      loopDelay = 0;
    }
    expect((await call(loaded, w.tokens['merchantA:agent']!, '/api/v1/cases')).statusCode).toBe(200);
  });

  it('refuses JSON nested deeper than 32 levels with 400 JSON_TOO_DEEP, before validation, even 100,000 deep', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const nest = (n: number) => `${'['.repeat(n - 1)}{}${']'.repeat(n - 1)}`;
    const post = (raw: string) =>
      w.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
        payload: `{"kind":"complaint","extra":${raw}}`,
      });
    for (const depth of [32, 100, 100_000]) {
      const r = await post(nest(depth));
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('JSON_TOO_DEEP');
    }
    // 31 nested inside the body object is 32 levels: parsed, then refused by validation (unknown field).
    const ok = await post(nest(31));
    expect(ok.statusCode).toBe(400);
    expect(ok.json().error.code).toBe('VALIDATION_FAILED');
  });
});
