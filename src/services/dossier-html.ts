import type { Dossier } from './dossier.ts';

/** Every piece of text from the database goes through here: the page must never carry markup from input. */
export const esc = (v: unknown): string =>
  String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const eventZh: Record<string, string> = {
  created: '受理登记',
  routed: '自动分派',
  assigned: '指定责任人',
  reassigned: '变更责任人',
  status_changed: '状态变更',
  note: '沟通记录',
  evidence_added: '新增证据',
  collaborator_added: '添加协办人',
  investigation_note: '调查记录',
  forwarded: '平台转交被投诉方',
  respondent_replied: '被投诉方答复',
  parties_disagree: '双方存在争议',
  platform_ruling: '平台裁决',
  offer_made: '提出方案',
  offer_approved: '方案审批通过',
  offer_declined: '方案审批驳回',
  offer_sent: '方案发出',
  offer_withdrawn: '方案撤回',
  offer_answered: '投诉人答复方案',
  promise_made: '作出承诺',
  promise_kept: '承诺已兑现',
  promise_broken: '承诺未兑现',
  follow_up_scheduled: '安排回访',
  follow_up_answered: '回访结果',
  escalation_recorded: '升级记录',
  escalation_updated: '升级进展',
  access_link_created: '发送查询链接',
};

const yuan = (fen: number | null) => (fen === null ? '' : `¥${(fen / 100).toFixed(2)}`);
const row = (cells: unknown[]) => `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
const table = (head: string[], rows: string[]) =>
  rows.length
    ? `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p>（无）</p>';

/** A printable zh-CN page of the dossier (A4, no scripts, no outside resources). */
export function renderDossierHtml(d: Dossier): string {
  const p = d.parties;
  const summary = [
    ['投诉编号', d.case.caseNumber],
    ['状态', d.case.status],
    ['投诉人', `${p.complainant.name} ${p.complainant.phone ?? ''} ${p.complainant.email ?? ''}`],
    ['被投诉方', p.respondent?.name],
    ['平台', p.platform?.name ?? ''],
    ['代运营公司', p.operationsCompany?.name ?? ''],
    ['订单', d.order ? `${d.order.orderNumber}（${yuan(Number(d.order.amountFen))}，${d.order.state}）` : '无'],
    ['投诉事由', d.case.reason],
    ['诉求', d.case.expectedResolution ?? ''],
    ['处理结果', d.case.resolution ?? ''],
    [
      '根本原因',
      d.case.rootCause ? `${d.case.rootCause.type} / ${d.case.rootCause.category ?? ''}：${d.case.rootCause.text}` : '',
    ],
  ];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>投诉档案 ${esc(d.case.caseNumber)}</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei",sans-serif;margin:2em;font-size:12pt}table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}td,th{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eee}h1{font-size:18pt}h2{font-size:14pt;margin-top:1.5em}@media print{body{margin:0}}</style>
</head><body>
<h1>投诉处理档案 ${esc(d.case.caseNumber)}</h1>
<p>生成时间：${esc(d.generatedAt)}</p>
<h2>一、基本信息</h2>${table(
    ['项目', '内容'],
    summary.map((r) => row(r)),
  )}
<h2>二、处理经过</h2>${table(
    ['时间', '事项', '操作方', '详情'],
    d.timeline.map((e) =>
      row([e.at, eventZh[e.type] ?? e.type, [e.actorParty, e.actor].filter(Boolean).join(' '), JSON.stringify(e.data)]),
    ),
  )}
<h2>三、证据清单</h2>${table(
    ['文件名', '类型', '大小（字节）', 'SHA-256', '上传时间'],
    d.evidence.map((e) => row([e.fileName ?? '', e.mime, e.sizeBytes, e.sha256, e.createdAt])),
  )}
<h2>四、平台转交与裁决</h2>${table(
    ['转交时间', '答复期限', '答复', '争议', '裁决'],
    d.forwards.map((f) =>
      row([
        f.forwardedAt,
        f.replyDueAt,
        `${f.replyKind ?? ''} ${f.replyText ?? ''}`,
        f.disagreement ?? '',
        `${f.ruling ?? ''} ${yuan(f.rulingAmountFen)} ${f.rulingText ?? ''}`,
      ]),
    ),
  )}
<h2>五、解决方案</h2>${table(
    ['类型', '金额', '说明', '状态', '答复'],
    d.offers.map((o) =>
      row([o.type, yuan(o.amountFen), o.description, o.state, `${o.answerNote ?? ''} ${yuan(o.counterAmountFen)}`]),
    ),
  )}
<h2>六、承诺</h2>${table(
    ['事项', '期限', '状态', '说明'],
    d.promises.map((x) => row([x.description, x.dueAt, x.state, x.outcomeNote ?? ''])),
  )}
<h2>七、回访与满意度</h2>${table(
    ['计划时间', '评分', '评价', '方式', '是否重开'],
    d.followUps.map((f) =>
      row([f.dueAt, f.rating ?? '', f.comment ?? '', f.answeredVia ?? '', f.reopened ? '是' : '否']),
    ),
  )}
<h2>八、升级记录</h2>${table(
    ['去向', '机构', '受理编号', '提交时间', '结论'],
    d.escalations.map((e) =>
      row([e.target, e.bodyName ?? '', e.referenceNumber ?? '', e.submittedAt, e.outcome ?? '']),
    ),
  )}
</body></html>`;
}
