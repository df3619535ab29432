import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { acceptedEncodings } from '../../src/http/routes/home.ts';

const bigJs = `export const texts = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `工单 ${i} 投诉内容`))};`;

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
    // What `npm run build:web` leaves for a big chunk: the file and its brotli and gzip twins.
    writeFileSync(join(webDir, 'assets', 'vendor-def456.js'), bigJs);
    writeFileSync(join(webDir, 'assets', 'vendor-def456.js.br'), brotliCompressSync(bigJs));
    writeFileSync(join(webDir, 'assets', 'vendor-def456.js.gz'), gzipSync(bigJs));
    writeFileSync(join(webDir, 'assets', 'logo-1a2b3c.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
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

  it('sends the precompressed twin the browser accepts, brotli first, and the plain file otherwise', async () => {
    const a = await app(webDir);
    const url = '/assets/vendor-def456.js';
    const br = await a.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(br.headers['content-length'])).toBeLessThan(bigJs.length / 5);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(bigJs);

    const gz = await a.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(bigJs);

    // br refused with q=0, nothing accepted, or a file without twins: the file as it is.
    expect((await a.inject({ url, headers: { 'accept-encoding': 'br;q=0, gzip' } })).headers['content-encoding']).toBe(
      'gzip',
    );
    const plain = await a.inject({ url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');
    expect(plain.body).toBe(bigJs);
    const small = await a.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe('console.log(1)');
    const png = await a.inject({ url: '/assets/logo-1a2b3c.png', headers: { 'accept-encoding': 'br' } });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
    // index.html stays uncached whatever the encoding
    expect((await a.inject({ url: '/queue', headers: { 'accept-encoding': 'br' } })).headers['cache-control']).toBe(
      'no-cache',
    );
  });

  it('reads Accept-Encoding as browsers and proxies write it', () => {
    expect([...acceptedEncodings('gzip, deflate, br, zstd')]).toEqual(['gzip', 'deflate', 'br', 'zstd']);
    expect([...acceptedEncodings('br;q=0, gzip;q=0.5')]).toEqual(['gzip']);
    expect([...acceptedEncodings('BR ; q=1.0')]).toEqual(['br']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
    expect([...acceptedEncodings(['gzip', 'br'])]).toEqual(['gzip', 'br']);
  });

  it('the real build: hashed chunks with brotli and gzip twins, the queue without ECharts', async () => {
    const built = join(import.meta.dirname, '..', '..', 'dist', 'web');
    const index = existsSync(join(built, 'index.html')) ? readFileSync(join(built, 'index.html'), 'utf8') : '';
    if (!index) return expect(process.env.KESU_REQUIRE_BROWSER, 'dist/web is not built').not.toBe('1');
    const assets = readdirSync(join(built, 'assets'));
    const big = assets.filter((f) => f.endsWith('.js') && statSync(join(built, 'assets', f)).size > 50_000);
    for (const f of big) expect(assets, f).toEqual(expect.arrayContaining([`${f}.br`, `${f}.gz`]));
    // What the first page loads (entry + preloads) never includes the chart library.
    const first = [...index.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]);
    expect(first.length).toBeGreaterThan(1);
    expect(first.some((f) => f?.startsWith('echarts'))).toBe(false);
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
