import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Limits } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { SlidingWindowLimiter } from '../services/rate-limit.ts';

/** How long a refused client should wait before trying again (seconds). */
const RETRY_OVERLOADED_S = 1;
const RETRY_SHUTTING_DOWN_S = 5;

export interface GuardOptions {
  /** Current event-loop delay in ms; a probe of this process by default (tests inject one). */
  loopDelayMs?: () => number;
}

const counted = new WeakSet<FastifyRequest>();

/**
 * Refuses work early instead of letting it time out: 503 SHUTTING_DOWN while draining, 503 OVERLOADED when too
 * many requests are in flight or the event loop lags, 429 RATE_LIMITED per client address. Our own small hook
 * rather than @fastify/under-pressure: that plugin has no in-flight counter (the bound that matters when the
 * database is the bottleneck and the loop stays idle), and the loop-delay check is a dozen lines.
 * Registered before authentication, so refusing costs no token lookup; /healthz is never rate limited or shed.
 */
export function registerLoadGuards(app: FastifyInstance, limits: Limits | undefined, opts: GuardOptions = {}) {
  let inflight = 0;
  let closing = false;
  const loopDelay = limits?.maxEventLoopDelayMs ? (opts.loopDelayMs ?? loopDelayProbe(app)) : undefined;
  const perIp = limits?.perIp ? new SlidingWindowLimiter(limits.perIp, limits.windowMs) : undefined;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (req, reply) => {
    if (closing) {
      // Tell keep-alive clients to reconnect (to another node, behind a load balancer).
      reply.header('connection', 'close');
      throw new AppError('SHUTTING_DOWN', { retryAfterSeconds: RETRY_SHUTTING_DOWN_S });
    }
    if (req.url === '/healthz') return;
    if (limits?.maxInflight && inflight >= limits.maxInflight)
      throw new AppError('OVERLOADED', { retryAfterSeconds: RETRY_OVERLOADED_S, reason: 'inflight' });
    if (loopDelay && limits && loopDelay() > limits.maxEventLoopDelayMs)
      throw new AppError('OVERLOADED', { retryAfterSeconds: RETRY_OVERLOADED_S, reason: 'event_loop_delay' });
    perIp?.take(req.ip, app.deps.clock());
    inflight += 1;
    counted.add(req);
  });
  const release = async (req: FastifyRequest) => {
    if (counted.delete(req)) inflight -= 1;
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}

/** Per token, after authentication (a request without a valid token was refused before it got here). */
export function registerTokenRateLimit(app: FastifyInstance, limits: Limits | undefined) {
  if (!limits?.perToken) return;
  const perToken = new SlidingWindowLimiter(limits.perToken, limits.windowMs);
  app.addHook('onRequest', async (req) => {
    if (req.actor) perToken.take(req.actor.tokenId, app.deps.clock());
  });
}

/** The largest event-loop delay seen over the last second, in ms. */
function loopDelayProbe(app: FastifyInstance): () => number {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  let last = 0;
  const timer = setInterval(() => {
    last = histogram.max / 1e6;
    histogram.reset();
  }, 1_000);
  timer.unref();
  // Start-up work (migrations, demo seed, job schema) blocks the loop before the port opens: not load, forget it.
  app.addHook('onListen', async () => {
    histogram.reset();
    last = 0;
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    histogram.disable();
  });
  return () => Math.max(last, histogram.max / 1e6);
}
