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
}

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
  };
}

function portOf(name: string, value: string): number {
  const port = Number.parseInt(value, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number, got ${value}`);
  return port;
}
