/** Refusals of bulk import and review handling (issue 7 items 6, 7). The entry shape is errors.ts's ErrorEntry. */
export const importErrors = {
  IMPORT_NOT_FOUND: { status: 404, zh: '未找到该导入任务', en: 'Import not found' },
  IMPORT_KIND_UNKNOWN: {
    status: 404,
    zh: '不支持的导入类型（orders、complaints、reviews）',
    en: 'Unknown import kind (orders, complaints, reviews)',
  },
  IMPORT_FILE_UNREADABLE: {
    status: 422,
    zh: '无法读取该文件（支持 CSV 与 XLSX）',
    en: 'The file cannot be read (CSV and XLSX are accepted)',
  },
  IMPORT_FILE_TOO_LARGE: { status: 413, zh: '导入文件过大（上限 50 MB）', en: 'Import file too large (limit 50 MB)' },
  IMPORT_COLUMNS_MISSING: {
    status: 422,
    zh: '文件缺少必需的列，请检查表头或列映射',
    en: 'The file lacks required columns; check the header row or the column mapping',
  },
  IMPORT_MAPPING_INVALID: {
    status: 422,
    zh: '列映射包含未知字段',
    en: 'The column mapping names a field this import kind does not have',
  },
  REVISION_REQUEST_NOT_FOUND: { status: 404, zh: '未找到该改评请求', en: 'Revision request not found' },
  REVISION_REQUEST_NOT_ALLOWED: {
    status: 409,
    zh: '只有差评投诉可以请求买家修改评价',
    en: 'Only a bad-review case can ask the buyer to revise the review',
  },
  REVISION_INDUCEMENT_FORBIDDEN: {
    status: 422,
    zh: '改评请求不得以返现、红包或补偿为条件诱导删改评价（平台规则禁止）',
    en: 'A revision request may not offer money, red packets or compensation for changing a review (platform rules)',
  },
  REVISION_ALREADY_ANSWERED: {
    status: 409,
    zh: '该改评请求已有结果',
    en: 'This revision request already has an outcome',
  },
} as const;

/** Why one row of an import was not taken; stored with the row number and the raw row. */
export const importRowReasons = {
  REQUIRED: { zh: '必填字段为空', en: 'Required field is empty' },
  BAD_AMOUNT: { zh: '金额格式无效（例如 ¥1,299.00）', en: 'Amount is not a valid number of yuan (e.g. ¥1,299.00)' },
  BAD_DATE: { zh: '时间格式无效（例如 2026-11-20 14:03）', en: 'Not a valid date/time (e.g. 2026-11-20 14:03)' },
  BAD_STATE: { zh: '无法识别的订单状态', en: 'Unknown order state' },
  BAD_RATING: { zh: '评分须为 1–5 星', en: 'Rating must be 1 to 5 stars' },
  BAD_QUANTITY: { zh: '数量须为正整数', en: 'Quantity must be a positive whole number' },
  BAD_PHONE: { zh: '电话号码格式无效', en: 'Not a valid phone number' },
  BAD_CHOICE: { zh: '无法识别的取值', en: 'Value not recognised' },
  TOO_LONG: { zh: '内容过长', en: 'Value is too long' },
  DUPLICATE_IN_FILE: {
    zh: '文件中重复的外部编号，已跳过后一行',
    en: 'Duplicate external id in this file; later row skipped',
  },
  ORDER_NOT_FOUND: { zh: '订单号不存在，请先导入订单', en: 'No order with this number; import the orders first' },
  CHANGED_AFTER_IMPORT: {
    zh: '该投诉已导入且内容不同，请在投诉详情中修改',
    en: 'This complaint was imported before with different content; edit the case instead',
  },
  REJECTED: { zh: '该行未被接受', en: 'Row not accepted' },
} as const;
export type ImportRowReason = keyof typeof importRowReasons;
