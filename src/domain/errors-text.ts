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
} as const satisfies Record<string, { status: number; zh: string; en: string }>;
