/** Same shape as ErrorEntry in errors.ts, spelled out so this file does not import errors.ts (no cycle). */
export const textErrors = {
  CLASSIFICATION_NOT_FOUND: {
    status: 404,
    zh: '该投诉尚无自动分类结果',
    en: 'This case has no automatic classification',
  },
  SEARCH_QUERY_EMPTY: {
    status: 422,
    zh: '搜索词中没有可检索的词语',
    en: 'The search query has no searchable word',
  },
  CANNED_RESPONSE_NOT_FOUND: { status: 404, zh: '未找到该回复模板', en: 'Canned response not found' },
  CANNED_RESPONSE_TITLE_TAKEN: {
    status: 409,
    zh: '已有同名的回复模板',
    en: 'A canned response with this title already exists',
  },
  CANNED_RESPONSE_UNKNOWN_VARIABLE: {
    status: 422,
    zh: '模板中有无法识别的变量',
    en: 'The template uses a variable Kesu does not know',
  },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;
