// Shape of errors.ts's ErrorEntry, written out so this file does not import errors.ts (no import cycle).
type ErrorEntry = { status: number; zh: string; en: string };

/** Refusals of analytics, responsibility decisions and the monthly report (issue 9). */
export const analyticsErrors = {
  DECISION_SUBJECT_NOT_FOUND: {
    status: 404,
    zh: '未找到该人员或部门（只能对本组织的成员或部门记录奖惩）',
    en: 'No such person or department in your organisation',
  },
  PDF_RENDERER_UNAVAILABLE: {
    status: 503,
    zh: '服务器未安装 PDF 渲染所需的 Chromium：请安装 chromium 与 fonts-noto-cjk（apt-get install chromium fonts-noto-cjk），或下载 xlsx 格式',
    en: 'The PDF renderer is not installed: install chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk), or download the xlsx format',
  },
} satisfies Record<string, ErrorEntry>;
