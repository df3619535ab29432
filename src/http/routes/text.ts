import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import {
  CaseClassification,
  ClassifyBody,
  CorrectionBody,
  FlaggedCases,
  FlagsQuery,
  SearchPage,
  SearchQuery,
  TextClassification,
} from '../../contracts/text.ts';
import { getClassification, listFlaggedCases } from '../../services/case-classification.ts';
import { classifyStandalone } from '../../services/classify-case.ts';
import { correctClassification } from '../../services/correct-classification.ts';
import { searchCases } from '../../services/search-cases.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

export async function textRoutes(app: FastifyInstance) {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: '全文搜索 / Search cases in Chinese, with the work-queue filters and highlighted snippets',
        description:
          'Words are segmented with jieba and all must match; "quoted" text is a phrase; a trailing * is a prefix (退*). An order number or phone number (any separators) also finds its cases exactly. Newest first, cursor pagination.',
        querystring: SearchQuery,
        response: { 200: SearchPage, ...errorResponses(422) },
      },
    },
    async (req) => {
      const q = req.query as Static<typeof SearchQuery>;
      return searchCases(ctxOf(req), { ...q, limit: q.limit ?? 50 });
    },
  );
  app.post(
    '/text/classify',
    {
      schema: {
        tags: ['text'],
        summary: '文本分类 / Classify a text without storing it (category, severity, party, sentiment, flags)',
        body: ClassifyBody,
        response: { 200: TextClassification, ...errorResponses(403) },
      },
    },
    async (req) => {
      const b = req.body as Static<typeof ClassifyBody>;
      return classifyStandalone(ctxOf(req), b.text, b.kind ?? 'complaint');
    },
  );
  app.get(
    '/cases/:id/classification',
    {
      schema: {
        tags: ['text'],
        summary: '自动分类结果 / The classifier’s reading of a case, with its evidence and corrections',
        params: IdParams,
        response: { 200: CaseClassification, ...errorResponses(404) },
      },
    },
    async (req) => getClassification(ctxOf(req), (req.params as { id: string }).id),
  );
  app.post(
    '/cases/:id/classification/corrections',
    {
      schema: {
        tags: ['text'],
        summary: '更正分类 / Correct the classification; kept for retraining',
        params: IdParams,
        body: CorrectionBody,
        response: { 200: CaseClassification, ...errorResponses(403, 404) },
      },
    },
    async (req) =>
      correctClassification(ctxOf(req), (req.params as { id: string }).id, req.body as Static<typeof CorrectionBody>),
  );
  app.get(
    '/flags',
    {
      schema: {
        tags: ['text'],
        summary:
          '风险提示 / Cases flagged for a supervisor (extortion wording, IP claims without proof, frequent contact)',
        description: 'Flags ask a supervisor to verify; they never change a case by themselves.',
        querystring: FlagsQuery,
        response: { 200: FlaggedCases, ...errorResponses(403) },
      },
    },
    async (req) => ({
      items: await listFlaggedCases(ctxOf(req), (req.query as Static<typeof FlagsQuery>).limit ?? 50),
    }),
  );
}
