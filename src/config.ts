import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  /** Evidence and other files; under the data dir unless set. */
  evidenceDir: string;
  /** Outgoing mail (SMTP_URL, e.g. smtp://user:pass@host:587); replies and acknowledgements need it. */
  smtpUrl?: string | undefined;
  /** Port of the built-in SMTP intake listener (SMTP_LISTEN); off when unset. */
  smtpListen?: number | undefined;
  /** Domain of the Message-IDs Kesu writes (MAIL_DOMAIN). */
  mailDomain?: string | undefined;
  /** Public base URL for links in mail to complainants (PUBLIC_URL), e.g. https://kesu.example.cn */
  publicUrl?: string | undefined;
  /** Overload and rate limits (KESU_MAX_INFLIGHT …); each is off when unset here (tests), on by loadConfig's defaults. */
  limits?: Limits | undefined;
  /** Trust X-Forwarded-For from the load balancer (KESU_TRUST_PROXY=1), so per-IP limits see the client address. */
  trustProxy?: boolean | undefined;
  /**
   * The daily audit anchor (each organisation's chain head) written by the job workers: a directory
   * (KESU_AUDIT_ANCHOR_DIR, default <data dir>/audit-anchors) and optionally a URL to POST it to
   * (KESU_AUDIT_ANCHOR_URL). KESU_AUDIT_ANCHOR=0 turns it off.
   */
  auditAnchor?: { dir: string; webhookUrl?: string | undefined } | undefined;
}

/** Every limit is per process: N API nodes admit N times as much (see docs/deploy.md). 0 turns one off. */
export interface Limits {
  /** Requests being served at once beyond which new ones get 503 OVERLOADED (KESU_MAX_INFLIGHT). */
  maxInflight: number;
  /** Event-loop delay (ms, max over the last second) beyond which new requests get 503 (KESU_MAX_LOOP_DELAY_MS). */
  maxEventLoopDelayMs: number;
  /** Requests per token per window (KESU_RATE_LIMIT_TOKEN). */
  perToken: number;
  /** Requests per client address per window (KESU_RATE_LIMIT_IP). */
  perIp: number;
  /** The rate-limit window in ms (KESU_RATE_WINDOW_MS). */
  windowMs: number;
}

export const defaultLimits: Limits = {
  maxInflight: 256,
  maxEventLoopDelayMs: 1_000,
  perToken: 6_000,
  perIp: 12_000,
  windowMs: 60_000,
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.KESU_DATA_DIR ?? './data');
  const port = Number.parseInt(env.PORT ?? '3000', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    evidenceDir: resolve(env.KESU_EVIDENCE_DIR ?? `${dataDir}/evidence`),
    smtpUrl: env.SMTP_URL || undefined,
    smtpListen: env.SMTP_LISTEN ? portOf('SMTP_LISTEN', env.SMTP_LISTEN) : undefined,
    mailDomain: env.MAIL_DOMAIN || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    limits: {
      maxInflight: count(env, 'KESU_MAX_INFLIGHT', defaultLimits.maxInflight),
      // On the embedded database every query runs on this thread: loop delay there measures the database's own
      // work (a report, an import), not overload, so the check is off unless asked for; the in-flight bound stays.
      maxEventLoopDelayMs: count(
        env,
        'KESU_MAX_LOOP_DELAY_MS',
        env.DATABASE_URL ? defaultLimits.maxEventLoopDelayMs : 0,
      ),
      perToken: count(env, 'KESU_RATE_LIMIT_TOKEN', defaultLimits.perToken),
      perIp: count(env, 'KESU_RATE_LIMIT_IP', defaultLimits.perIp),
      windowMs: count(env, 'KESU_RATE_WINDOW_MS', defaultLimits.windowMs) || defaultLimits.windowMs,
    },
    trustProxy: env.KESU_TRUST_PROXY === '1',
    auditAnchor:
      env.KESU_AUDIT_ANCHOR === '0'
        ? undefined
        : {
            dir: resolve(env.KESU_AUDIT_ANCHOR_DIR ?? `${dataDir}/audit-anchors`),
            webhookUrl: env.KESU_AUDIT_ANCHOR_URL || undefined,
          },
  };
}

function portOf(name: string, value: string): number {
  const port = Number.parseInt(value, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number, got ${value}`);
  return port;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${raw}`);
  return n;
}
