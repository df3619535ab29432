import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from '../services/auth.ts';
import type { Actor, ServiceContext } from '../services/context.ts';
import { sendError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: (Actor & { tokenId: string }) | null;
  }
  interface FastifyContextConfig {
    /** Route needs no token (health, OpenAPI, login). */
    public?: boolean;
  }
}

/** Every route needs a bearer token unless its config says `public: true`. */
export function registerAuth(app: FastifyInstance) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config?.public || !req.routeOptions.url) return;
    if (req.url.startsWith('/api/docs')) return;
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const actor = token ? await authenticate(app.deps.database.db, token, app.deps.clock()) : null;
    if (!actor) return sendError(reply, 'UNAUTHENTICATED');
    req.actor = actor;
  });
}

export function ctxOf(req: FastifyRequest): ServiceContext {
  const { deps } = req.server;
  if (!req.actor) throw new Error('route without actor: mark it public or keep the auth hook');
  return { db: deps.database.db, actor: req.actor, now: deps.clock(), evidenceDir: deps.config.evidenceDir };
}
