import type { FastifyInstance } from 'fastify';

/** Until the web application lands, `/` tells a visitor where things are (zh-CN first, English alongside). */
const page = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Kesu 客诉</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;line-height:1.6;color:#1f1f1f}
code{background:#f5f5f5;padding:.1rem .3rem;border-radius:4px}a{color:#1677ff}</style></head>
<body><h1>Kesu 客诉</h1>
<p>投诉与差评处理系统 — complaint and bad-review handling for Chinese e-commerce.</p>
<ul>
<li><a href="/api/docs">接口文档 API documentation (Swagger UI)</a></li>
<li><a href="/api/openapi.json">OpenAPI 描述 /api/openapi.json</a></li>
<li><a href="/healthz">运行状态 Health</a></li>
</ul>
<p>登录 Sign in: <code>POST /api/v1/auth/login</code>；演示账号见 README / demo accounts are in the README.</p>
</body></html>`;

export async function homeRoutes(app: FastifyInstance) {
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(page),
  );
}
