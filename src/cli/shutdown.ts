/**
 * How long SIGTERM/SIGINT lets in-flight requests and running jobs finish (KESU_SHUTDOWN_GRACE_MS, default 10 s).
 * Keep the service manager's stop timeout above it (systemd TimeoutStopSec, Docker stop -t, Kubernetes
 * terminationGracePeriodSeconds): deploy/ sets 30 s.
 */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.KESU_SHUTDOWN_GRACE_MS;
  const ms = raw ? Number(raw) : 10_000;
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`KESU_SHUTDOWN_GRACE_MS must be milliseconds ≥ 0, got ${raw}`);
  return ms;
}
