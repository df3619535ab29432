import { AppError } from '../domain/errors.ts';

/**
 * Sliding-window limiter kept in memory: the public complaint form must not cost a database write per request just
 * to decide whether to refuse it, and embedded deployments run one process. With several API processes each keeps
 * its own window, so the effective limit is per process — acceptable for abuse damping, not for billing.
 * Old keys are swept as the map grows, so memory stays bounded by the traffic of one window.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one request for `key`; throws RATE_LIMITED (429) with retryAfterSeconds when over the limit. */
  take(key: string, now: Date): void {
    const t = now.getTime();
    const recent = (this.hits.get(key) ?? []).filter((h) => h > t - this.windowMs);
    if (recent.length >= this.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((recent[0] ?? t) + this.windowMs - t) / 1000));
      this.hits.set(key, recent);
      throw new AppError('RATE_LIMITED', { retryAfterSeconds });
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.sweep(t);
  }

  private sweep(t: number) {
    for (const [k, v] of this.hits) if ((v.at(-1) ?? 0) <= t - this.windowMs) this.hits.delete(k);
  }
}
