import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Rate,
  Result,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, type ApiResult, api } from '../../api/client.ts';
import { formatDateTime, formatFen } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ConsumerShell } from './ConsumerShell.tsx';

/** GET /api/v1/access/{token} (its response is not in the OpenAPI document). */
interface View {
  caseNumber: string;
  kind: string;
  status: string;
  statusReason: string | null;
  orderNumber: string | null;
  reason: string;
  expectedResolution: string | null;
  missing: string[];
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  progress: { type: string; at: string; to?: string; request?: string }[];
  messages?: { at: string; text: string }[];
  followUp?: { state: string; dueAt: string; rating: number | null; answeredAt: string | null } | null;
}
type Offer = ApiResult<'/api/v1/access/{token}/offers', 'get'>['items'][number];

/** The complainant's page behind the access link: status, what is missing, offers to answer, the rating. */
export default function TrackPage() {
  const { token = '' } = useParams();
  const { t, v, lang } = useI18n();
  const { message } = App.useApp();
  const [view, setView] = useState<View | null>(null);
  const [offers, setOffers] = useState<Offer[]>([]);
  const [gone, setGone] = useState<string | null>(null);
  const [rated, setRated] = useState(false);
  const [answerForm] = Form.useForm<{ text: string }>();
  const [rateForm] = Form.useForm<{ rating: number; comment?: string }>();

  const load = useCallback(async () => {
    try {
      setView((await api.get('/api/v1/access/{token}', { path: { token } })) as View);
      setOffers((await api.get('/api/v1/access/{token}/offers', { path: { token } })).items);
    } catch (err) {
      setGone(err instanceof ApiError ? err.text(lang) : t('common.error'));
    }
  }, [token, lang, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const fail = (err: unknown) => message.error(err instanceof ApiError ? err.text(lang) : t('common.error'));

  if (gone)
    return (
      <ConsumerShell title={t('consumer.statusTitle')}>
        <Result status="warning" title={t('consumer.linkGone')} subTitle={gone} />
      </ConsumerShell>
    );
  if (!view)
    return (
      <ConsumerShell title={t('consumer.statusTitle')}>
        <Spin />
      </ConsumerShell>
    );

  const lastRequest = [...view.progress].reverse().find((p) => p.request && view.status === 'awaiting_customer');

  return (
    <ConsumerShell title={t('consumer.statusTitle')}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Card>
          <Space wrap>
            <Typography.Text strong data-testid="track-number">
              {view.caseNumber}
            </Typography.Text>
            <Tag color="blue" data-testid="track-status" data-status={view.status}>
              {v('status', view.status)}
            </Tag>
          </Space>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }} data-testid="track-reason">
            {view.reason}
          </Typography.Paragraph>
          {view.resolution && <Alert type="success" showIcon title={`${t('case.resolution')}: ${view.resolution}`} />}
        </Card>

        <Card title={t('consumer.missingTitle')} size="small">
          {lastRequest && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={lastRequest.request}
              data-testid="track-request"
            />
          )}
          {view.missing.length === 0 && !lastRequest ? (
            <Typography.Text type="secondary">{t('consumer.nothingMissing')}</Typography.Text>
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                {view.missing.map((m) => (
                  <Tag color="orange" key={m}>
                    {v('missing', m)}
                  </Tag>
                ))}
              </Space>
              <Upload
                accept="image/*,application/pdf"
                showUploadList={false}
                customRequest={async ({ file, onSuccess, onError }) => {
                  const fd = new FormData();
                  fd.append('file', file as Blob, (file as File).name);
                  try {
                    await api.post('/api/v1/access/{token}/evidence', { path: { token }, form: fd });
                    message.success(t('consumer.uploaded'));
                    onSuccess?.({});
                    void load();
                  } catch (err) {
                    fail(err);
                    onError?.(err as Error);
                  }
                }}
              >
                <Button data-testid="track-upload">{t('consumer.upload')}</Button>
              </Upload>
              <Form
                form={answerForm}
                name="answer"
                layout="vertical"
                onFinish={async ({ text }) => {
                  try {
                    await api.post('/api/v1/access/{token}/answers', { path: { token }, body: { text } });
                    answerForm.resetFields();
                    message.success(t('reply.sent'));
                    void load();
                  } catch (err) {
                    fail(err);
                  }
                }}
              >
                <Form.Item
                  name="text"
                  label={t('consumer.answer')}
                  rules={[{ required: true, whitespace: true, message: t('field.required') }]}
                >
                  <Input.TextArea rows={3} maxLength={5000} />
                </Form.Item>
                <Button htmlType="submit">{t('common.submit')}</Button>
              </Form>
            </Space>
          )}
        </Card>

        <Card title={t('consumer.offersTitle')} size="small">
          {offers.length === 0 ? (
            <Empty description={t('common.none')} />
          ) : (
            <List
              dataSource={offers}
              data-testid="track-offers"
              renderItem={(o) => (
                <List.Item
                  actions={
                    o.state === 'sent'
                      ? [
                          <Button
                            key="a"
                            type="primary"
                            data-testid="offer-accept"
                            onClick={async () => {
                              try {
                                await api.post('/api/v1/access/{token}/offers/{offerId}/answer', {
                                  path: { token, offerId: o.id },
                                  body: { answer: 'accept' },
                                });
                                void load();
                              } catch (err) {
                                fail(err);
                              }
                            }}
                          >
                            {t('consumer.accept')}
                          </Button>,
                          <Button
                            key="d"
                            onClick={async () => {
                              try {
                                await api.post('/api/v1/access/{token}/offers/{offerId}/answer', {
                                  path: { token, offerId: o.id },
                                  body: { answer: 'reject' },
                                });
                                void load();
                              } catch (err) {
                                fail(err);
                              }
                            }}
                          >
                            {t('consumer.decline')}
                          </Button>,
                        ]
                      : [<Tag key="s">{v('offerState', o.state)}</Tag>]
                  }
                >
                  <List.Item.Meta
                    title={`${v('resolution', o.type)}${o.amountFen ? ` ${formatFen(o.amountFen)}` : ''}`}
                    description={
                      <>
                        <div style={{ whiteSpace: 'pre-wrap' }}>{o.description}</div>
                        {o.promiseDueAt && (
                          <div>
                            {t('offer.promiseDueAt')}: {formatDateTime(o.promiseDueAt)}
                          </div>
                        )}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>

        {view.followUp && (
          <Card title={t('consumer.rateTitle')} size="small" data-testid="track-rate">
            {view.followUp.state === 'scheduled' && !rated ? (
              <Form
                form={rateForm}
                name="rating"
                layout="vertical"
                onFinish={async (f) => {
                  try {
                    await api.post('/api/v1/access/{token}/follow-up', {
                      path: { token },
                      body: { rating: f.rating, ...(f.comment ? { comment: f.comment } : {}) },
                    });
                    setRated(true);
                    void load();
                  } catch (err) {
                    fail(err);
                  }
                }}
              >
                <Form.Item
                  name="rating"
                  rules={[{ required: true, message: t('field.required') }]}
                  label={t('followUp.rating')}
                >
                  <Rate />
                </Form.Item>
                <Form.Item name="comment" label={t('consumer.rateComment')}>
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" data-testid="rate-submit">
                  {t('common.submit')}
                </Button>
              </Form>
            ) : (
              <Space>
                {view.followUp.rating && <Rate disabled value={view.followUp.rating} />}
                <Typography.Text>{t('consumer.thanks')}</Typography.Text>
              </Space>
            )}
          </Card>
        )}

        {view.messages && view.messages.length > 0 && (
          <Card title={t('consumer.messages')} size="small">
            <List
              dataSource={view.messages}
              renderItem={(m) => (
                <List.Item>
                  <List.Item.Meta
                    description={formatDateTime(m.at)}
                    title={<span style={{ whiteSpace: 'pre-wrap', fontWeight: 'normal' }}>{m.text}</span>}
                  />
                </List.Item>
              )}
            />
          </Card>
        )}

        <Card title={t('consumer.timeline')} size="small">
          <Timeline
            items={[...view.progress].reverse().map((p, i) => ({
              key: `${p.at}-${i}`,
              content: (
                <div>
                  <Typography.Text strong>
                    {p.type === 'status_changed' ? v('status', p.to) : v('event', p.type)}
                  </Typography.Text>{' '}
                  <Typography.Text type="secondary">{formatDateTime(p.at)}</Typography.Text>
                  {p.request && <div style={{ whiteSpace: 'pre-wrap' }}>{p.request}</div>}
                </div>
              ),
            }))}
          />
        </Card>
      </Space>
    </ConsumerShell>
  );
}
