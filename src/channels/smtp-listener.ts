import { SMTPServer } from 'smtp-server';
import { tenantsForAddresses } from '../services/inbound-addresses.ts';
import { ingestRawMail, MAIL_MAX_BYTES, type MailIntakeDeps } from './email/ingest.ts';

export interface SmtpListenerOptions {
  port: number;
  host?: string;
  log?: (msg: string, data?: Record<string, unknown>) => void;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * Receives mail for the organisations' inbound addresses. Unknown recipients are refused at RCPT TO (550), so a
 * sender learns at once; mail over the size limit is refused at DATA (552). Everything accepted is taken in by
 * ingestRawMail, which never drops a message; only a database outage answers 451 (the sender retries later).
 * No AUTH and no STARTTLS: put it behind the organisation's MX / relay, which does both.
 */
export async function startSmtpListener(deps: MailIntakeDeps, opts: SmtpListenerOptions) {
  const maxBytes = deps.maxBytes ?? MAIL_MAX_BYTES;
  const server = new SMTPServer({
    name: 'kesu',
    banner: 'Kesu 客诉 mail intake',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    async onRcptTo(address, _session, callback) {
      try {
        const known = await tenantsForAddresses(deps.db, [address.address]);
        if (known.length === 0) return callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
        callback();
      } catch {
        callback(smtpError(451, '4.3.0 temporary failure, try again later'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 message exceeds ${maxBytes} bytes`));
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        try {
          const results = await ingestRawMail(deps, Buffer.concat(chunks), { envelopeTo, source: 'smtp' });
          opts.log?.('mail received', { envelopeTo, results });
          const numbers = results.flatMap((r) => ('caseNumber' in r ? [r.caseNumber] : []));
          callback(null, numbers.length ? `2.0.0 accepted ${numbers.join(' ')}` : '2.0.0 accepted');
        } catch (err) {
          opts.log?.('mail intake failed', { err: String(err) });
          callback(smtpError(451, '4.3.0 temporary failure, try again later'));
        }
      });
    },
  });
  server.on('error', (err) => opts.log?.('smtp error', { err: String(err) }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
