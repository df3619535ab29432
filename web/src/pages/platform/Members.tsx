import { Card, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, useLoad } from '../admin/common.tsx';
import { lastDays, queueLink } from '../dashboard/period.ts';

interface Tenant {
  id: string;
  slug: string;
  name: string;
  kind: string;
  platformId: string | null;
}
export interface MemberRow extends Tenant {
  cases: number;
  orders: number | null;
  complaintRatePer1000: number | null;
  disputeRate: number | null;
  activeSanctions: number;
}

/** The platform's members (merchants, operations companies) as GET /tenants lists them. */
export async function loadPlatformMembers(platformId: string): Promise<Tenant[]> {
  const all = ((await api.get('/api/v1/tenants')) as { items: Tenant[] }).items;
  return all.filter((x) => x.platformId === platformId);
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** Member merchants and operations companies with their complaint and dispute rates over the last 30 days. */
export default function PlatformMembersPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const period = lastDays(30);
  const rows = useLoad(async () => {
    const members = await loadPlatformMembers(me?.tenant.id ?? '');
    const active = (await api.get('/api/v1/sanctions', { query: { active: true, limit: 200 } })).items;
    return Promise.all(
      members.map(async (m): Promise<MemberRow> => {
        const o = await api.get('/api/v1/analytics/overview', { query: { ...period, respondentTenantId: m.id } });
        return {
          ...m,
          cases: o.figures.cases,
          orders: o.figures.orders,
          complaintRatePer1000: o.figures.complaintRatePer1000,
          disputeRate: o.figures.disputeRate,
          activeSanctions: active.filter((s) => s.memberTenantId === m.id).length,
        };
      }),
    );
  }, [me?.tenant.id]);

  return (
    <Card
      title={<PageTitle>{t('platform.members')}</PageTitle>}
      extra={
        <Typography.Text type="secondary">
          {period.from} — {period.to}
        </Typography.Text>
      }
    >
      <Table<MemberRow>
        rowKey="id"
        loading={rows.loading}
        dataSource={rows.data ?? []}
        pagination={false}
        columns={[
          { title: t('platform.memberName'), dataIndex: 'name' },
          {
            title: t('platform.memberKind'),
            dataIndex: 'kind',
            render: (k: string) => <Tag>{t(`platform.kind.${k}` as 'platform.kind.merchant')}</Tag>,
          },
          {
            title: t('dash.cases'),
            dataIndex: 'cases',
            sorter: (a, b) => a.cases - b.cases,
            render: (n: number, m) => <Link to={queueLink({ respondentTenantId: m.id }, period)}>{n}</Link>,
          },
          { title: t('dash.orders'), dataIndex: 'orders', render: (n: number | null) => n ?? '—' },
          {
            title: t('dash.ratePer1000'),
            dataIndex: 'complaintRatePer1000',
            sorter: (a, b) => (a.complaintRatePer1000 ?? -1) - (b.complaintRatePer1000 ?? -1),
            render: (r: number | null) => (r === null ? '—' : `${r.toFixed(2)}‰`),
          },
          {
            title: t('dash.disputeRate'),
            dataIndex: 'disputeRate',
            sorter: (a, b) => (a.disputeRate ?? -1) - (b.disputeRate ?? -1),
            render: pct,
          },
          {
            title: t('platform.activeSanctions'),
            dataIndex: 'activeSanctions',
            render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
          },
        ]}
      />
    </Card>
  );
}
