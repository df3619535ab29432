import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the web application (repo/dist/web, from src/ and from compiled dist/). */
export const defaultWebDir = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/** Shown at `/` while the web application is not built (zh-CN first, English alongside). */
const placeholder = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Kesu 客诉</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;line-height:1.6;color:#1f1f1f}
code{background:#f5f5f5;padding:.1rem .3rem;border-radius:4px}a{color:#1677ff}</style></head>
<body><h1>Kesu 客诉</h1>
<p>投诉与差评处理系统 — complaint and bad-review handling for Chinese e-commerce.</p>
<p>网页应用尚未构建：运行 <code>npm run build:web</code> 后刷新。 The web application is not built yet: run <code>npm run build:web</code> and reload.</p>
<ul>
<li><a href="/api/docs">接口文档 API documentation (Swagger UI)</a></li>
<li><a href="/api/openapi.json">OpenAPI 描述 /api/openapi.json</a></li>
<li><a href="/healthz">运行状态 Health</a></li>
</ul>
</body></html>`;

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The page's own scripts only (no inline script, so injected markup cannot run); antd writes its styles inline;
 * images may be blob: URLs of evidence previews. No referrer: access-link pages carry their token in the URL.
 */
const pageHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
};

/** Text files `npm run build:web` stores precompressed beside the original (web/vite.config.ts). */
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt']);

/** The encodings an Accept-Encoding header allows (a `q=0` entry refuses one). */
export function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [raw, ...params] = part.toLowerCase().split(';');
    const name = raw?.trim();
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    out.add(name);
  }
  return out;
}

/** Paths the application owns: never answered with the web page. */
const apiPath = (path: string) => path === '/api' || path.startsWith('/api/') || path === '/healthz';

export interface WebServer {
  /** Answers a GET/HEAD that no route took: a file of the build, or index.html for an app path. */
  fallback(req: FastifyRequest, reply: FastifyReply): boolean;
}

export function webServer(webDir: string): WebServer {
  const root = normalize(webDir);
  const file = (rel: string): string | null => {
    const full = normalize(join(root, rel));
    if (full !== root && !full.startsWith(root + sep)) return null;
    try {
      return statSync(full).isFile() ? full : null;
    } catch {
      return null;
    }
  };
  /** The build's precompressed twin (file.br, file.gz) the client accepts, brotli first. */
  const encoded = (req: FastifyRequest, full: string): { path: string; encoding: string } | null => {
    const accepts = acceptedEncodings(req.headers['accept-encoding']);
    for (const [encoding, suffix] of [
      ['br', '.br'],
      ['gzip', '.gz'],
    ] as const) {
      if (!accepts.has(encoding)) continue;
      try {
        if (statSync(full + suffix).isFile()) return { path: full + suffix, encoding };
      } catch {
        // no twin for this file (small, or not text): the next encoding, or the file itself
      }
    }
    return null;
  };
  const send = (req: FastifyRequest, reply: FastifyReply, full: string, headers: Record<string, string>) => {
    const twin = compressible.has(extname(full).toLowerCase()) ? encoded(req, full) : null;
    const body = twin?.path ?? full;
    reply.headers({
      'content-type': types[extname(full).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(statSync(body).size),
      'x-content-type-options': 'nosniff',
      ...(compressible.has(extname(full).toLowerCase()) ? { vary: 'accept-encoding' } : {}),
      ...(twin ? { 'content-encoding': twin.encoding } : {}),
      ...headers,
    });
    reply.send(createReadStream(body));
  };
  return {
    fallback(req, reply) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      let path: string;
      try {
        path = decodeURIComponent((req.url.split('?')[0] ?? '/').split('#')[0] ?? '/');
      } catch {
        return false;
      }
      if (apiPath(path) || path.includes('\0')) return false;
      const asset = path !== '/' ? file(path) : null;
      if (asset) {
        const immutable = path.startsWith('/assets/');
        send(req, reply, asset, {
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        });
        return true;
      }
      // An app route (/queue, /cases/…, /track/…): the single page; a missing file (has an extension) stays 404.
      const last = path.split('/').pop() ?? '';
      if (last.includes('.')) return false;
      const index = file('index.html');
      if (!index) return false;
      send(req, reply, index, pageHeaders);
      return true;
    },
  };
}

export async function homeRoutes(app: FastifyInstance, opts: { webDir?: string }) {
  const webDir = opts.webDir ?? defaultWebDir;
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (existsSync(join(webDir, 'index.html')) && webServer(webDir).fallback(req, reply)) return reply;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(placeholder);
  });
}
