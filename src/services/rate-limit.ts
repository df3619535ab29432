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
    this.check(key, now);
    this.hit(key, now);
  }

  /** Throws RATE_LIMITED when `key` has used up its window, without counting this call (e.g. before a login). */
  check(key: string, now: Date): void {
    const t = now.getTime();
    const recent = this.recent(key, t);
    if (recent.length >= this.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((recent[0] ?? t) + this.windowMs - t) / 1000));
      throw new AppError('RATE_LIMITED', { retryAfterSeconds });
    }
  }

  /** Counts one event for `key` without refusing (e.g. a failed login, counted after the fact). */
  hit(key: string, now: Date): void {
    const t = now.getTime();
    const recent = this.recent(key, t);
    recent.push(t);
    if (recent.length > this.limit) recent.splice(0, recent.length - this.limit);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.sweep(t);
  }

  private recent(key: string, t: number): number[] {
    const all = this.hits.get(key);
    if (!all) return [];
    const recent = all.filter((h) => h > t - this.windowMs);
    if (recent.length === 0) this.hits.delete(key);
    else if (recent.length !== all.length) this.hits.set(key, recent);
    return recent;
  }

  private sweep(t: number) {
    for (const [k, v] of this.hits) if ((v.at(-1) ?? 0) <= t - this.windowMs) this.hits.delete(k);
  }
}
