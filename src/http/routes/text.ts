import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  CannedResponseCreateBody,
  CannedResponseDto,
  CannedResponsePatchBody,
  CannedResponseQuery,
  CaseClassification,
  ClassifyBody,
  CorrectionBody,
  FlaggedCases,
  FlagsQuery,
  SearchPage,
  SearchQuery,
  SimilarCases,
  SimilarQuery,
  SuggestedReplies,
  TextClassification,
} from '../../contracts/text.ts';
import {
  archiveCannedResponse,
  createCannedResponse,
  getCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from '../../services/canned-responses.ts';
import { getClassification, listFlaggedCases } from '../../services/case-classification.ts';
import { classifyStandalone } from '../../services/classify-case.ts';
import { correctClassification } from '../../services/correct-classification.ts';
import { searchCases } from '../../services/search-cases.ts';
import { similarCases, suggestedReplies } from '../../services/similar-cases.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const id = (req: { params: unknown }) => (req.params as { id: string }).id;

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
  app.get(
    '/cases/:id/similar',
    {
      schema: {
        tags: ['text'],
        summary: '相似案例 / The most similar closed cases you can see, with their resolutions and shared words',
        description:
          "The case's words (jieba, no stop words) are matched against the search documents of closed cases; PostgreSQL's ts_rank picks 50 candidates, the share of the case's words each one contains is its score.",
        params: IdParams,
        querystring: SimilarQuery,
        response: { 200: SimilarCases, ...errorResponses(404) },
      },
    },
    async (req) => similarCases(ctxOf(req), id(req), (req.query as Static<typeof SimilarQuery>).limit ?? 5),
  );
  app.get(
    '/cases/:id/suggested-replies',
    {
      schema: {
        tags: ['text'],
        summary: '推荐回复 / Templates for the case’s category and resolutions of similar closed cases, filled in',
        description:
          'Templates of your organisation that suit the category come first, then general ones; within each, the ones sent on more cases that closed with satisfaction ≥ 4 rank higher. Variables are filled from the case; the complainant’s name is masked for roles without personal data.',
        params: IdParams,
        querystring: SimilarQuery,
        response: { 200: SuggestedReplies, ...errorResponses(404) },
      },
    },
    async (req) => suggestedReplies(ctxOf(req), id(req), (req.query as Static<typeof SimilarQuery>).limit ?? 5),
  );
  app.get(
    '/canned-responses',
    {
      schema: {
        tags: ['text'],
        summary: '回复模板 / Your organisation’s canned responses (文明用语), optionally for one category',
        querystring: CannedResponseQuery,
        response: { 200: Type.Object({ items: Type.Array(CannedResponseDto) }), ...errorResponses() },
      },
    },
    async (req) => listCannedResponses(ctxOf(req), req.query as Static<typeof CannedResponseQuery>),
  );
  app.get(
    '/canned-responses/:id',
    {
      schema: {
        tags: ['text'],
        summary: '回复模板详情 / One canned response',
        params: IdParams,
        response: { 200: CannedResponseDto, ...errorResponses(404) },
      },
    },
    async (req) => getCannedResponse(ctxOf(req), id(req)),
  );
  app.post(
    '/canned-responses',
    {
      schema: {
        tags: ['text'],
        summary: '新建回复模板 / Create a canned response (admin, supervisor)',
        description:
          'Variables: {{客户姓名}} {{订单号}} {{投诉编号}} {{商家名称}} {{坐席姓名}}; any other is refused (422).',
        body: CannedResponseCreateBody,
        response: { 201: CannedResponseDto, ...errorResponses(403, 409, 422) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createCannedResponse(ctxOf(req), req.body as Static<typeof CannedResponseCreateBody>)),
  );
  app.patch(
    '/canned-responses/:id',
    {
      schema: {
        tags: ['text'],
        summary: '修改回复模板 / Change a canned response (admin, supervisor)',
        params: IdParams,
        body: CannedResponsePatchBody,
        response: { 200: CannedResponseDto, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (req) => updateCannedResponse(ctxOf(req), id(req), req.body as Static<typeof CannedResponsePatchBody>),
  );
  app.delete(
    '/canned-responses/:id',
    {
      schema: {
        tags: ['text'],
        summary: '停用回复模板 / Archive a canned response (admin, supervisor); kept for the record',
        params: IdParams,
        response: { 200: CannedResponseDto, ...errorResponses(403, 404) },
      },
    },
    async (req) => archiveCannedResponse(ctxOf(req), id(req)),
  );
}
