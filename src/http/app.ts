import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { ErrorBody } from '../contracts/common.ts';
import type { Database } from '../db/database.ts';
import { EVIDENCE_MAX_BYTES } from '../services/add-evidence.ts';
import { AuditSealer } from '../services/audit-chain.ts';
import type { MailOut } from '../services/mail-replies.ts';
import { createMailer } from '../services/mailer.ts';
import { LogPhoneSender, type PhoneCodeSender } from '../services/phone-sender.ts';
import { registerAuth } from './auth.ts';
import { errorHandler, sendError } from './errors.ts';
import { limitJsonDepth } from './json-depth.ts';
import { registerLoadGuards, registerTokenRateLimit } from './load-guards.ts';
import { healthRoutes } from './routes/health.ts';
import { defaultWebDir, homeRoutes, webServer } from './routes/home.ts';
import { apiV1Routes } from './routes/index.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  /** Injected clock: tests pin `now`; production uses the wall clock. */
  clock?: () => Date;
  logger?: boolean;
  /** Sends phone verification codes; the log sender by default. */
  phoneSender?: PhoneCodeSender;
  /** The built web application served at `/` (dist/web by default). */
  webDir?: string;
  /** Event-loop delay probe for the overload guard (tests inject one). */
  loopDelayMs?: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Required<Pick<AppDeps, 'config' | 'database' | 'clock'>>;
    auditSealer: AuditSealer;
    /** Outgoing case mail (replies, acknowledgements); disabled without SMTP_URL. */
    mailOut: MailOut;
    /** Verification codes for the public form (pluggable; LogPhoneSender by default). */
    phoneSender: PhoneCodeSender;
  }
}

/** Bodies are validated strictly (no type coercion, no unknown fields); query strings are coerced from text. */
function makeAjv(coerce: boolean) {
  const ajv = new Ajv({
    allErrors: false,
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  });
  addFormats.default(ajv);
  // RFC 3339 allows a leap second (…T23:59:60Z) and any 4-digit year, but a JavaScript Date cannot hold the former
  // and the drivers cannot round-trip years past 9999 (an after-sales deadline adds up to 10 years): refuse as input.
  const rfc3339 = ajv.formats['date-time'] as {
    validate: (s: string) => boolean;
    compare: (a: string, b: string) => number | undefined;
  };
  ajv.addFormat('date-time', { ...rfc3339, validate: (s: string) => rfc3339.validate(s) && storableInstant(s) });
  return ajv;
}

function storableInstant(s: string): boolean {
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return false;
  const year = new Date(t).getUTCFullYear();
  return year >= 1 && year <= 8999;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ? { level: deps.config.logLevel } : false,
    bodyLimit: 1_048_576 + 65_536,
    trustProxy: deps.config.trustProxy ?? false,
    // Draining is answered by our own guard (503 SHUTTING_DOWN from the catalogue, with Retry-After).
    return503OnClosing: false,
    // Router errors (a malformed %-escape in the URL) bypass the error handler unless routed to it here.
    frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
    ajv: { customOptions: { strict: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('deps', { config: deps.config, database: deps.database, clock: deps.clock ?? (() => new Date()) });
  const sealer = new AuditSealer(deps.database.db, 100, (err) => app.log.error({ err }, 'audit sealing failed'));
  app.decorate('auditSealer', sealer);
  const mailer = createMailer(deps.config.smtpUrl);
  app.decorate('mailOut', { mailer, domain: deps.config.mailDomain ?? 'kesu.local', publicUrl: deps.config.publicUrl });
  app.decorate('phoneSender', deps.phoneSender ?? new LogPhoneSender((fields, msg) => app.log.info(fields, msg)));
  const bodyAjv = makeAjv(false);
  const otherAjv = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : otherAjv).compile(schema));
  // Every body is JSON or multipart: text/plain is refused (415) instead of reaching validation as a string.
  app.removeContentTypeParser('text/plain');
  limitJsonDepth(app);
  app.setErrorHandler(errorHandler);
  // A GET no route took is a web application path (its files, or index.html for /queue, /cases/…); else 404.
  const web = webServer(deps.webDir ?? defaultWebDir);
  app.setNotFoundHandler((req, reply) => {
    if (web.fallback(req, reply)) return reply;
    return sendError(reply, 'NOT_FOUND', { method: req.method, url: req.url.slice(0, 200) });
  });
  app.addSchema(ErrorBody);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kesu 客诉 API',
        version: '0.1.0',
        description: '投诉与差评处理 / complaint and bad-review handling',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(multipart, {
    limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 5, fieldSize: 4096, parts: 6 },
  });
  registerLoadGuards(app, deps.config.limits, deps.loopDelayMs ? { loopDelayMs: deps.loopDelayMs } : {});
  registerAuth(app);
  registerTokenRateLimit(app, deps.config.limits);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes);
  await app.register(homeRoutes, { webDir: deps.webDir ?? defaultWebDir });
  for (const routes of apiV1Routes) await app.register(routes, { prefix: '/api/v1' });

  // Seal the audit chain soon after anything changed.
  app.addHook('onResponse', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') sealer.schedule();
  });
  app.addHook('onClose', async () => {
    await sealer.flush();
    mailer.close();
  });
  return app;
}
