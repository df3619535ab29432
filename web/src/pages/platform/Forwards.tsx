import { Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type ApiResult, api, type CaseDto } from '../../api/client.ts';
import { formatDateTime, formatFen } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, useLoad } from '../admin/common.tsx';

type Forward = ApiResult<'/api/v1/cases/{id}/forwards', 'get'>['items'][number];
interface Row extends Forward {
  caseNumber: string;
  respondentName: string;
}
type Show = 'waiting' | 'disputed' | 'ruled';

/**
 * Forwarded cases: waiting on the respondent, disputed (the platform has to rule) and ruled. There is no list of
 * forwards across cases, so this reads the forwards of the platform's recent cases that name a respondent.
 */
export async function loadForwards(): Promise<Row[]> {
  const cases: CaseDto[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 4; page++) {
    const p = await api.get('/api/v1/cases', { query: { limit: 100, ...(cursor ? { cursor } : {}) } });
    cases.push(...p.items);
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  const tenants = ((await api.get('/api/v1/tenants')) as { items: { id: string; name: string }[] }).items;
  const withRespondent = cases.filter((c) => c.respondentTenantId);
  const rows: Row[] = [];
  for (let i = 0; i < withRespondent.length; i += 8) {
    const batch = withRespondent.slice(i, i + 8);
    const lists = await Promise.all(batch.map((c) => api.get('/api/v1/cases/{id}/forwards', { path: { id: c.id } })));
    lists.forEach((l, j) => {
      const c = batch[j] as CaseDto;
      for (const f of l.items)
        rows.push({
          ...f,
          caseNumber: c.caseNumber,
          respondentName: tenants.find((x) => x.id === f.respondentTenantId)?.name ?? '—',
        });
    });
  }
  return rows.sort((a, b) => a.replyDueAt.localeCompare(b.replyDueAt));
}

export default function ForwardsPage() {
  const { t } = useI18n();
  const [show, setShow] = useState<Show>('waiting');
  const rows = useLoad(loadForwards);
  const visible = (rows.data ?? []).filter((f) =>
    show === 'waiting'
      ? f.state === 'awaiting_reply' || f.state === 'replied'
      : show === 'disputed'
        ? f.state === 'disputed'
        : f.state === 'ruled',
  );

  return (
    <Card
      title={<PageTitle>{t('platform.forwards')}</PageTitle>}
      extra={
        <Segmented<Show>
          aria-label={t('platform.forwardState')}
          value={show}
          onChange={setShow}
          options={[
            { value: 'waiting', label: t('platform.show.waiting') },
            { value: 'disputed', label: t('platform.show.disputed') },
            { value: 'ruled', label: t('platform.show.ruled') },
          ]}
        />
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('platform.forwardsHint')}</Typography.Text>
        <Table<Row>
          rowKey="id"
          loading={rows.loading}
          dataSource={visible}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('platform.case'),
              dataIndex: 'caseNumber',
              render: (n: string, f) => <Link to={`/cases/${f.caseId}`}>{n}</Link>,
            },
            { title: t('platform.respondent'), dataIndex: 'respondentName' },
            { title: t('platform.forwardedAt'), dataIndex: 'forwardedAt', render: (s: string) => formatDateTime(s) },
            {
              title: t('platform.replyDue'),
              dataIndex: 'replyDueAt',
              render: (s: string, f) => (
                <Space>
                  {formatDateTime(s)}
                  {f.replyOverdue && f.state === 'awaiting_reply' && <Tag color="red">{t('platform.overdue')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('platform.forwardState'),
              dataIndex: 'state',
              render: (s: string) => <Tag>{t(`platform.state.${s}` as 'platform.state.ruled')}</Tag>,
            },
            {
              title: t('platform.reply'),
              key: 'reply',
              render: (_: unknown, f) =>
                f.replyText
                  ? `${f.replyKind ? `[${t(`platform.replyKind.${f.replyKind}` as 'platform.replyKind.reply')}] ` : ''}${f.replyText}`
                  : '—',
            },
            {
              title: t('platform.ruling'),
              key: 'ruling',
              render: (_: unknown, f) =>
                f.ruling ? (
                  <Space orientation="vertical" size={0}>
                    <span>
                      {t(`platform.rulingKind.${f.ruling}` as 'platform.rulingKind.dismiss')}
                      {f.rulingAmountFen !== null && ` ${formatFen(f.rulingAmountFen)}`}
                    </span>
                    <Typography.Text type="secondary">{f.rulingText}</Typography.Text>
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
