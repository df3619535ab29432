import { Card, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, type CaseDto } from '../../api/client.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';

export default function QueuePage() {
  const { t, v } = useI18n();
  const [items, setItems] = useState<CaseDto[]>([]);
  useEffect(() => {
    api.get('/api/v1/cases', { query: { limit: 50 } }).then((p) => setItems(p.items));
  }, []);
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('queue.title')}</h1>}>
      <Table
        rowKey="id"
        dataSource={items}
        pagination={false}
        columns={[
          {
            title: t('queue.caseNumber'),
            dataIndex: 'caseNumber',
            render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link>,
          },
          { title: t('queue.status'), dataIndex: 'status', render: (s: string) => <Tag>{v('status', s)}</Tag> },
          { title: t('queue.category'), dataIndex: 'category', render: (s: string) => v('category', s) },
          { title: t('queue.createdAt'), dataIndex: 'createdAt', render: (s: string) => formatDateTime(s) },
        ]}
      />
    </Card>
  );
}
