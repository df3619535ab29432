import type { FastifyInstance } from 'fastify';
import { accessLinkRoutes } from './access-links.ts';
import { analyticsRoutes } from './analytics.ts';
import { authRoutes } from './auth.ts';
import { callRoutes } from './calls.ts';
import { caseActionRoutes } from './case-actions.ts';
import { caseRoutes } from './cases.ts';
import { duplicateRoutes } from './duplicates.ts';
import { evidenceRoutes } from './evidence.ts';
import { flagRoutes } from './flags.ts';
import { importRoutes } from './imports.ts';
import { intakeSourceRoutes } from './intake-sources.ts';
import { mailRoutes } from './mail.ts';
import { multiPartyRoutes } from './multi-party.ts';
import { notificationRoutes } from './notifications.ts';
import { offerRoutes } from './offers.ts';
import { orderRoutes } from './orders.ts';
import { privacyRoutes } from './privacy.ts';
import { promiseRoutes } from './promises.ts';
import { publicComplaintRoutes } from './public-complaints.ts';
import { routingRoutes } from './routing.ts';
import { sanctionRoutes } from './sanctions.ts';
import { slaRoutes } from './sla.ts';
import { tenantRoutes } from './tenants.ts';
import { textRoutes } from './text.ts';
import { webhookRoutes } from './webhooks.ts';

/** Every /api/v1 route plugin, one line each; a feature adds its plugin here. */
export const apiV1Routes: ((app: FastifyInstance) => Promise<void>)[] = [
  authRoutes,
  tenantRoutes,
  orderRoutes,
  caseRoutes,
  caseActionRoutes,
  evidenceRoutes,
  accessLinkRoutes,
  routingRoutes,
  offerRoutes,
  promiseRoutes,
  multiPartyRoutes,
  flagRoutes,
  textRoutes,
  slaRoutes,
  notificationRoutes,
  webhookRoutes,
  mailRoutes,
  publicComplaintRoutes,
  sanctionRoutes,
  callRoutes,
  importRoutes,
  intakeSourceRoutes,
  duplicateRoutes,
  analyticsRoutes,
  privacyRoutes,
];
