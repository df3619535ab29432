import { UploadOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Card, Progress, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { type ApiResult, api } from '../../api/client.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, SectionTitle, useFail } from './common.tsx';

type Kind = 'orders' | 'complaints' | 'reviews';
type Mapping = ApiResult<'/api/v1/imports/mappings/{kind}', 'get'>;
type Report = ApiResult<'/api/v1/imports/{id}', 'get'>;
type RowError = ApiResult<'/api/v1/imports/{id}/errors', 'get'>['items'][number];
type Columns = NonNullable<Parameters<typeof api.put<'/api/v1/imports/mappings/{kind}'>>[1]>['body'];

/** The header row of a CSV file, read in the browser (UTF-8, else GB18030 as Excel in China saves it). */
async function csvHeaders(file: File): Promise<string[]> {
  const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    text = new TextDecoder('gb18030').decode(head);
  }
  const line =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((l) => l.trim() !== '') ?? '';
  const sep = line.includes('\t') && !line.includes(',') ? '\t' : ',';
  return line
    .split(sep)
    .map((h) => h.trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}

/** Import orders, complaints or reviews: pick the file, map the columns, watch the counts, read the rejected rows. */
export default function ImportsPage() {
  const { t, lang } = useI18n();
  const fail = useFail();
  const [kind, setKind] = useState<Kind>('orders');
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [file, setFile] = useState<File | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [errors, setErrors] = useState<RowError[]>([]);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setMapping(null);
    api
      .get('/api/v1/imports/mappings/{kind}', { path: { kind } })
      .then((m) => {
        setMapping(m);
        setColumns({ ...m.columns });
      })
      .catch(fail);
  }, [kind, fail]);

  // Progress while the server still reads the file (a large upload answers when finished; others may look).
  useEffect(() => {
    if (report?.status !== 'running') return;
    const timer = setTimeout(() => {
      api.get('/api/v1/imports/{id}', { path: { id: report.id } }).then(setReport, fail);
    }, 1000);
    return () => clearTimeout(timer);
  }, [report, fail]);
  useEffect(() => {
    if (!report || report.status === 'running' || report.counts.failed === 0) {
      setErrors([]);
      return;
    }
    api
      .get('/api/v1/imports/{id}/errors', { path: { id: report.id }, query: { limit: 200 } })
      .then((p) => setErrors(p.items), fail);
  }, [report, fail]);

  const pick = async (f: File | undefined) => {
    setFile(f ?? null);
    setReport(null);
    setHeaders(f && /\.(csv|txt)$/i.test(f.name) ? await csvHeaders(f) : []);
  };
  const cleanColumns = () =>
    Object.fromEntries(
      Object.entries(columns).filter(([, h]) => h && h.trim() !== ''),
    ) as NonNullable<Columns>['columns'];
  const saveMapping = async () => {
    try {
      const m = await api.put('/api/v1/imports/mappings/{kind}', { path: { kind }, body: { columns: cleanColumns() } });
      setMapping(m as Mapping);
    } catch (e) {
      fail(e);
    }
  };
  const run = async () => {
    if (!file) return;
    const form = new FormData();
    form.append('mapping', JSON.stringify(cleanColumns()));
    form.append('file', file, file.name);
    setBusy(true);
    try {
      setReport((await api.post('/api/v1/imports/{kind}', { path: { kind }, form })) as Report);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const found = (field: string, recognised: string[]) =>
    headers.find((h) => h === columns[field]) ??
    headers.find((h) => recognised.some((r) => r.toLowerCase() === h.toLowerCase()));
  const c = report?.counts;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<PageTitle>{t('admin.imports')}</PageTitle>}
        extra={
          <Segmented<Kind>
            aria-label={t('admin.importKind')}
            value={kind}
            onChange={setKind}
            options={(['orders', 'complaints', 'reviews'] as const).map((k) => ({
              value: k,
              label: t(`admin.importKind.${k}`),
            }))}
          />
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('admin.importHint')}
          </Typography.Paragraph>
          <Space wrap>
            <input
              ref={input}
              type="file"
              accept=".csv,.txt,.xlsx"
              aria-label={t('admin.importFile')}
              style={{ display: 'none' }}
              onChange={(e) => pick(e.target.files?.[0])}
            />
            <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
              {t('admin.importFile')}
            </Button>
            <Typography.Text data-testid="import-file">{file?.name ?? t('admin.noFile')}</Typography.Text>
          </Space>
        </Space>
      </Card>
      <Card
        title={<SectionTitle>{t('admin.mapping')}</SectionTitle>}
        extra={
          <Typography.Text type="secondary">
            {t('admin.mappingSaved', { at: formatDateTime(mapping?.updatedAt) })}
          </Typography.Text>
        }
      >
        <Table
          rowKey="field"
          size="small"
          loading={!mapping}
          dataSource={mapping?.fields ?? []}
          pagination={false}
          columns={[
            {
              title: t('admin.field'),
              dataIndex: 'field',
              render: (f: string, r) => (
                <Space>
                  <Typography.Text code>{f}</Typography.Text>
                  {r.required && <Tag color="red">{t('admin.required')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('admin.column'),
              key: 'column',
              render: (_: unknown, r) => (
                <AutoComplete
                  aria-label={`${t('admin.column')} ${r.field}`}
                  style={{ width: 220 }}
                  value={columns[r.field] ?? ''}
                  placeholder={found(r.field, r.recognised) ?? r.recognised[0]}
                  options={headers.map((h) => ({ value: h }))}
                  onChange={(val: string) => setColumns((x) => ({ ...x, [r.field]: val }))}
                />
              ),
            },
            {
              title: t('admin.inFile'),
              key: 'found',
              render: (_: unknown, r) =>
                headers.length === 0 ? (
                  '—'
                ) : found(r.field, r.recognised) ? (
                  <Tag color="green">{found(r.field, r.recognised)}</Tag>
                ) : (
                  <Tag color={r.required ? 'red' : 'default'}>{t('admin.notFound')}</Tag>
                ),
            },
            {
              title: t('admin.recognised'),
              dataIndex: 'recognised',
              render: (r: string[]) => <Typography.Text type="secondary">{r.slice(0, 6).join(' / ')}</Typography.Text>,
            },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <Button onClick={saveMapping}>{t('admin.saveMapping')}</Button>
          <Button type="primary" disabled={!file} loading={busy} onClick={run} data-testid="run-import">
            {t('admin.runImport')}
          </Button>
        </Space>
      </Card>
      {(busy || report) && (
        <Card title={<SectionTitle>{t('admin.importResult')}</SectionTitle>}>
          {busy && <Progress percent={99} status="active" showInfo={false} />}
          {report && c && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Progress
                percent={c.total ? Math.round((c.processed / c.total) * 100) : 100}
                status={report.status === 'failed' ? 'exception' : report.status === 'running' ? 'active' : 'success'}
              />
              {report.failure && <Alert type="error" title={report.failure} />}
              <Space size={32} wrap>
                <Statistic title={t('admin.total')} value={c.total} />
                <Statistic title={t('admin.created')} value={c.created} />
                <Statistic title={t('admin.updated')} value={c.updated} />
                <Statistic title={t('admin.unchanged')} value={c.unchanged} />
                <Statistic
                  title={t('admin.failedRows')}
                  value={c.failed}
                  styles={{ content: c.failed ? { color: '#cf1322' } : {} }}
                />
              </Space>
              {errors.length > 0 && (
                <Table<RowError>
                  rowKey={(e) => `${e.rowNumber}:${e.field ?? ''}:${e.code}`}
                  size="small"
                  dataSource={errors}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  columns={[
                    { title: t('admin.row'), dataIndex: 'rowNumber' },
                    { title: t('admin.field'), dataIndex: 'field', render: (f: string | null) => f ?? '—' },
                    {
                      title: t('admin.reason'),
                      key: 'msg',
                      render: (_: unknown, e) => (lang === 'zh' ? e.messageZh : e.message),
                    },
                    {
                      title: t('admin.raw'),
                      dataIndex: 'raw',
                      render: (r: Record<string, string>) => (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {Object.entries(r)
                            .map(([k, x]) => `${k}=${x}`)
                            .join('；')}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              )}
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
