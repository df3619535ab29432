import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Text } from '../../contracts/common.ts';
import { AppError } from '../../domain/errors.ts';
import { login, revokeToken } from '../../services/auth.ts';
import { SlidingWindowLimiter } from '../../services/rate-limit.ts';
import { describeActor } from '../../services/tenants.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses } from './shared.ts';

/** Failed sign-ins allowed per window before 429: per e-mail (guessing one password) and per address (spraying). */
export const LOGIN_FAILURES_PER_EMAIL = 10;
export const LOGIN_FAILURES_PER_IP = 50;
const LOGIN_WINDOW_MS = 15 * 60_000;

export async function authRoutes(app: FastifyInstance) {
  // Only failures count, so people who sign in often are never throttled; kept per process (see rate-limit.ts).
  const failuresPerEmail = new SlidingWindowLimiter(LOGIN_FAILURES_PER_EMAIL, LOGIN_WINDOW_MS);
  const failuresPerIp = new SlidingWindowLimiter(LOGIN_FAILURES_PER_IP, LOGIN_WINDOW_MS);
  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '登录 / Sign in with e-mail and password; returns a session token (12 h)',
        security: [],
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            tenant: Type.Optional(Text(63)),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            token: Type.String(),
            expiresAt: Type.String(),
            user: Type.Unknown(),
            tenant: Type.Unknown(),
            role: Type.String(),
          }),
          ...errorResponses(403, 429),
        },
      },
    },
    async (req) => {
      const b = req.body as { email: string; password: string; tenant?: string };
      const now = app.deps.clock();
      const email = b.email.trim().toLowerCase();
      failuresPerEmail.check(email, now);
      failuresPerIp.check(req.ip, now);
      try {
        const r = await login(app.deps.database.db, b.email, b.password, b.tenant, now);
        return { ...r, expiresAt: r.expiresAt.toISOString() };
      } catch (err) {
        if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') {
          failuresPerEmail.hit(email, now);
          failuresPerIp.hit(req.ip, now);
        }
        throw err;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: '退出 / Revoke the token used for this request',
        response: { 204: Type.Null(), ...errorResponses() },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      await revokeToken(ctx.db, req.actor!.tokenId, ctx.actor.tenantId, ctx.now);
      return reply.status(204).send();
    },
  );

  app.get(
    '/me',
    { schema: { tags: ['auth'], summary: '当前用户 / Who am I', response: errorResponses() } },
    async (req) => describeActor(ctxOf(req)),
  );
}
