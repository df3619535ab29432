import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';

/** Serving the built web application (no database work: the embedded one is enough). */
describe('the web application at /', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kesu-web-'));
  const webDir = join(dir, 'web');
  let database: Database;
  const apps: FastifyInstance[] = [];
  const app = async (web: string) => {
    const a = await buildApp({
      config: {
        port: 0,
        host: '127.0.0.1',
        dataDir: dir,
        databaseUrl: undefined,
        logLevel: 'silent',
        evidenceDir: join(dir, 'ev'),
      },
      database,
      webDir: web,
    });
    apps.push(a);
    return a;
  };

  beforeAll(async () => {
    database = await openDatabase({ dataDir: dir, inMemory: true });
    mkdirSync(join(webDir, 'assets'), { recursive: true });
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Kesu 客诉</title><div id="root"></div>');
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(webDir, 'robots.txt'), 'User-agent: *');
    writeFileSync(join(dir, 'secret.txt'), 'outside the web dir');
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for app paths, with a script-only-from-self CSP and no caching', async () => {
    const a = await app(webDir);
    for (const url of [
      '/',
      '/queue',
      '/cases/0c6f3f2e-1111-4111-8111-111111111111',
      '/track/kca_x?y=1',
      '/complain/merchant1',
    ]) {
      const res = await a.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect((await a.inject({ method: 'HEAD', url: '/queue' })).statusCode).toBe(200);
  });

  it('serves hashed assets as immutable and other files briefly cached', async () => {
    const a = await app(webDir);
    const js = await a.inject({ url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe('console.log(1)');
    const robots = await a.inject({ url: '/robots.txt' });
    expect(robots.headers['cache-control']).toBe('public, max-age=300');
  });

  it('keeps /api, /healthz and missing files as JSON 404s, and never leaves the web dir', async () => {
    const a = await app(webDir);
    for (const url of [
      '/api/v1/nothing-here',
      '/api',
      '/assets/missing.js',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
    ]) {
      const res = await a.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('NOT_FOUND');
      expect(res.body).not.toContain('outside the web dir');
    }
    expect((await a.inject({ method: 'POST', url: '/queue' })).json().error.code).toBe('NOT_FOUND');
    // /healthz is the API's (503 here: this database was never migrated), never the web page.
    expect((await a.inject({ url: '/healthz' })).headers['content-type']).toContain('application/json');
    expect((await a.inject({ url: '/api/openapi.json' })).json().openapi).toMatch(/^3\./);
  });

  it('says how to build the web application when it is not built, and the API still answers', async () => {
    const a = await app(join(dir, 'not-built'));
    const home = await a.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('npm run build:web');
    expect((await a.inject({ url: '/queue' })).statusCode).toBe(404);
    expect((await a.inject({ url: '/api/docs' })).statusCode).toBeLessThan(400);
  });
});
