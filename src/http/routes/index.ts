import type { FastifyInstance } from 'fastify';
import { accessLinkRoutes } from './access-links.ts';
import { authRoutes } from './auth.ts';
import { caseActionRoutes } from './case-actions.ts';
import { caseRoutes } from './cases.ts';
import { evidenceRoutes } from './evidence.ts';
import { mailRoutes } from './mail.ts';
import { orderRoutes } from './orders.ts';
import { publicComplaintRoutes } from './public-complaints.ts';
import { tenantRoutes } from './tenants.ts';

/** Every /api/v1 route plugin, one line each; a feature adds its plugin here. */
export const apiV1Routes: ((app: FastifyInstance) => Promise<void>)[] = [
  authRoutes,
  tenantRoutes,
  orderRoutes,
  caseRoutes,
  caseActionRoutes,
  evidenceRoutes,
  accessLinkRoutes,
  mailRoutes,
  publicComplaintRoutes,
];
