import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  ErasureDto,
  PiiAccessDto,
  PiiAccessQuery,
  PrivacySettingsBody,
  PrivacySettingsDto,
  PrivacySubjectBody,
} from '../../contracts/privacy.ts';
import { listPiiAccess } from '../../services/pii-access.ts';
import { getPrivacySettings, putPrivacySettings } from '../../services/privacy-retention.ts';
import { eraseSubject, exportSubject } from '../../services/privacy-subject.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses } from './shared.ts';

const tags = ['privacy'];

/** PIPL: retention policy, a person's data exported or erased on request, and who read full contact data. */
export async function privacyRoutes(app: FastifyInstance) {
  app.get(
    '/privacy/settings',
    {
      schema: {
        tags,
        summary: '隐私设置 / Retention policy of your organisation (admin, auditor)',
        response: { 200: PrivacySettingsDto, ...errorResponses(403) },
      },
    },
    (req) => getPrivacySettings(ctxOf(req)),
  );
  app.put(
    '/privacy/settings',
    {
      schema: {
        tags,
        summary:
          '设置保留期限 / Anonymise complainant data N months after a case closed (daily job; null keeps it) (admin)',
        body: PrivacySettingsBody,
        response: { 200: PrivacySettingsDto, ...errorResponses(403) },
      },
    },
    (req) => putPrivacySettings(ctxOf(req), req.body as Static<typeof PrivacySettingsBody>),
  );
  app.post(
    '/privacy/exports',
    {
      schema: {
        tags,
        summary:
          '个人信息导出 / Everything your organisation holds about a person, found by phone, e-mail or ID number (admin; audited)',
        body: PrivacySubjectBody,
        response: errorResponses(403, 422),
      },
    },
    (req) => exportSubject(ctxOf(req), req.body as Static<typeof PrivacySubjectBody>),
  );
  app.post(
    '/privacy/erasures',
    {
      schema: {
        tags,
        summary:
          '个人信息删除 / Anonymise a person in your organisation’s cases and orders, keeping statistics (admin; audited)',
        body: PrivacySubjectBody,
        response: { 200: ErasureDto, ...errorResponses(403, 422) },
      },
    },
    (req) => eraseSubject(ctxOf(req), req.body as Static<typeof PrivacySubjectBody>),
  );
  app.get(
    '/privacy/access-log',
    {
      schema: {
        tags,
        summary: '个人信息访问记录 / Who read full contact data in your cases, newest first (admin, auditor)',
        querystring: PiiAccessQuery,
        response: { 200: Type.Object({ items: Type.Array(PiiAccessDto) }), ...errorResponses(403) },
      },
    },
    (req) => {
      const q = req.query as Static<typeof PiiAccessQuery>;
      return listPiiAccess(ctxOf(req), { caseId: q.caseId, limit: q.limit ?? 100 });
    },
  );
}
