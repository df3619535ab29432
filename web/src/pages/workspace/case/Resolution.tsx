import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Rate, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, type ApiResult, api, type CaseDto } from '../../../api/client.ts';
import { formatDateTime, formatFen } from '../../../format.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { vocab } from '../../../i18n/vocab.ts';

type Offer = ApiResult<'/api/v1/cases/{id}/offers', 'get'>['items'][number];
type PromiseRow = ApiResult<'/api/v1/cases/{id}/promises', 'get'>['items'][number];
type FollowUp = ApiResult<'/api/v1/cases/{id}/follow-ups', 'get'>['items'][number];

/** `<input type="datetime-local">` means Beijing time, whatever the browser's zone. */
export const beijingToIso = (local: string) => new Date(`${local}:00+08:00`).toISOString();

function useRun(onChanged: () => void) {
  const { message } = App.useApp();
  const { t, lang } = useI18n();
  return useCallback(
    async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        onChanged();
        return true;
      } catch (err) {
        message.error(err instanceof ApiError ? `${err.text(lang)} (${err.code})` : t('common.error'));
        return false;
      }
    },
    [message, lang, t, onChanged],
  );
}

export function ResolutionPanel({ c, onChanged }: { c: CaseDto; onChanged: () => void }) {
  const { t, v } = useI18n();
  const [offers, setOffers] = useState<Offer[]>([]);
  const [promises, setPromises] = useState<PromiseRow[]>([]);
  const [followUps, setFollowUps] = useState<FollowUp[]>([]);
  const [reload, setReload] = useState(0);
  const [making, setMaking] = useState(false);
  const [promising, setPromising] = useState(false);
  const [rating, setRating] = useState(false);
  const [offerForm] = Form.useForm();
  const [promiseForm] = Form.useForm();
  const [rateForm] = Form.useForm();
  const changed = useCallback(() => {
    setReload((n) => n + 1);
    onChanged();
  }, [onChanged]);
  const run = useRun(changed);
  const opts = (g: keyof typeof vocab, only?: readonly string[]) =>
    Object.keys(vocab[g])
      .filter((x) => !only || only.includes(x))
      .map((value) => ({ value, label: v(g, value) }));

  useEffect(() => {
    void reload;
    void c.version;
    const id = { path: { id: c.id } };
    api.get('/api/v1/cases/{id}/offers', id).then(
      (r) => setOffers(r.items),
      () => {},
    );
    api.get('/api/v1/cases/{id}/promises', id).then(
      (r) => setPromises(r.items),
      () => {},
    );
    api.get('/api/v1/cases/{id}/follow-ups', id).then(
      (r) => setFollowUps(r.items),
      () => {},
    );
  }, [c.id, c.version, reload]);

  const decide = (o: Offer, d: 'approve' | 'decline' | 'send' | 'withdraw') =>
    run(() =>
      api.post(`/api/v1/cases/{id}/offers/{offerId}/${d}` as '/api/v1/cases/{id}/offers/{offerId}/send', {
        path: { id: c.id, offerId: o.id },
        body: {},
      }),
    );
  const answer = (o: Offer, a: 'accept' | 'reject') =>
    run(() =>
      api.post('/api/v1/cases/{id}/offers/{offerId}/answer', {
        path: { id: c.id, offerId: o.id },
        body: { answer: a },
      }),
    );

  const offerTypes = [
    'refund',
    'return_refund',
    'exchange',
    'reshipment',
    'compensation',
    'coupon',
    'free_shipping',
    'membership_upgrade',
    'apology',
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        size="small"
        title={t('case.offers')}
        extra={
          <Button type="primary" onClick={() => setMaking(true)} data-testid="make-offer">
            {t('offer.make')}
          </Button>
        }
      >
        <Table<Offer>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={offers}
          locale={{ emptyText: t('common.none') }}
          data-testid="offers"
          columns={[
            { title: t('offer.type'), dataIndex: 'type', render: (s: string) => v('resolution', s) },
            { title: t('case.amount'), dataIndex: 'amountFen', render: (f: number) => formatFen(f) },
            { title: t('offer.description'), dataIndex: 'description' },
            {
              title: t('offer.state'),
              dataIndex: 'state',
              render: (s: string, o) => (
                <Space size={2} wrap>
                  <Tag color={s === 'accepted' ? 'green' : s === 'pending_approval' ? 'orange' : 'default'}>
                    {v('offerState', s)}
                  </Tag>
                  {o.approvalRole && s === 'pending_approval' && <Tag>{v('role', o.approvalRole)}</Tag>}
                </Space>
              ),
            },
            {
              title: t('offer.promiseDueAt'),
              dataIndex: 'promiseDueAt',
              render: (s: string | null) => formatDateTime(s),
            },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_: unknown, o) => (
                <Space size={4} wrap>
                  {o.state === 'pending_approval' && (
                    <>
                      <Button size="small" onClick={() => void decide(o, 'approve')}>
                        {t('offer.approve')}
                      </Button>
                      <Button size="small" onClick={() => void decide(o, 'decline')}>
                        {t('offer.decline')}
                      </Button>
                    </>
                  )}
                  {(o.state === 'draft' || o.state === 'approved') && (
                    <Button size="small" type="primary" onClick={() => void decide(o, 'send')}>
                      {t('offer.send')}
                    </Button>
                  )}
                  {o.state === 'sent' && (
                    <>
                      <Button size="small" onClick={() => void answer(o, 'accept')}>
                        {t('offer.recordAccept')}
                      </Button>
                      <Button size="small" onClick={() => void answer(o, 'reject')}>
                        {t('offer.recordReject')}
                      </Button>
                    </>
                  )}
                  {['draft', 'pending_approval', 'approved', 'sent'].includes(o.state) && (
                    <Popconfirm title={t('offer.withdraw')} onConfirm={() => void decide(o, 'withdraw')}>
                      <Button size="small" danger>
                        {t('offer.withdraw')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card
        size="small"
        title={t('case.promises')}
        extra={<Button onClick={() => setPromising(true)}>{t('promise.make')}</Button>}
      >
        <Table<PromiseRow>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={promises}
          locale={{ emptyText: t('common.none') }}
          columns={[
            { title: t('promise.kind'), dataIndex: 'kind', render: (s: string) => v('promiseKind', s) },
            { title: t('offer.description'), dataIndex: 'description' },
            {
              title: t('promise.dueAt'),
              dataIndex: 'dueAt',
              render: (s: string, p) => (
                <Space size={4}>
                  {formatDateTime(s)}
                  {p.overdue && <Tag color="red">{t('queue.overdue')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('offer.state'),
              dataIndex: 'state',
              render: (s: string) => (
                <Tag color={s === 'kept' ? 'green' : s === 'broken' ? 'red' : 'orange'}>{v('promiseState', s)}</Tag>
              ),
            },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_: unknown, p) =>
                p.state === 'open' && (
                  <Space size={4}>
                    {(['kept', 'broken'] as const).map((outcome) => (
                      <Button
                        key={outcome}
                        size="small"
                        onClick={() =>
                          void run(() =>
                            api.post('/api/v1/cases/{id}/promises/{promiseId}/settle', {
                              path: { id: c.id, promiseId: p.id },
                              body: { outcome, note: v('promiseState', outcome) },
                            }),
                          )
                        }
                      >
                        {v('promiseState', outcome)}
                      </Button>
                    ))}
                  </Space>
                ),
            },
          ]}
        />
      </Card>

      <Card
        size="small"
        title={t('case.followUp')}
        extra={<Button onClick={() => setRating(true)}>{t('followUp.record')}</Button>}
      >
        <Table<FollowUp>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={followUps}
          locale={{ emptyText: t('common.none') }}
          data-testid="follow-ups"
          columns={[
            { title: t('promise.dueAt'), dataIndex: 'dueAt', render: (s: string) => formatDateTime(s) },
            { title: t('offer.state'), dataIndex: 'state', render: (s: string) => v('followUpState', s) },
            {
              title: t('followUp.rating'),
              dataIndex: 'rating',
              render: (r: number | null) => (r ? <Rate disabled value={r} /> : '—'),
            },
            { title: t('consumer.rateComment'), dataIndex: 'comment' },
            {
              title: t('followUp.reopened'),
              dataIndex: 'reopened',
              render: (b: boolean) => (b ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')),
            },
          ]}
        />
      </Card>

      <Modal
        open={making}
        title={t('offer.make')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onCancel={() => setMaking(false)}
        onOk={async () => {
          const f = (await offerForm.validateFields()) as {
            type: string;
            amountYuan: number;
            description: string;
            promiseDueAt?: string;
          };
          const ok = await run(() =>
            api.post('/api/v1/cases/{id}/offers', {
              path: { id: c.id },
              body: {
                type: f.type as never,
                amountFen: Math.round((f.amountYuan ?? 0) * 100),
                description: f.description,
                ...(f.promiseDueAt ? { promiseDueAt: beijingToIso(f.promiseDueAt) } : {}),
              },
            }),
          );
          if (ok) {
            offerForm.resetFields();
            setMaking(false);
          }
        }}
      >
        <Form form={offerForm} name="offer" layout="vertical">
          <Form.Item name="type" label={t('offer.type')} rules={[{ required: true, message: t('field.required') }]}>
            <Select options={opts('resolution', offerTypes)} />
          </Form.Item>
          <Form.Item name="amountYuan" label={t('offer.amountYuan')} initialValue={0}>
            <InputNumber min={0} max={1_000_000} step={1} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('offer.description')}
            rules={[{ required: true, whitespace: true, message: t('field.required') }]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="promiseDueAt" label={t('offer.promiseDueAtBeijing')}>
            <Input type="datetime-local" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={promising}
        title={t('promise.make')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onCancel={() => setPromising(false)}
        onOk={async () => {
          const f = (await promiseForm.validateFields()) as { kind: string; description: string; dueAt: string };
          const ok = await run(() =>
            api.post('/api/v1/cases/{id}/promises', {
              path: { id: c.id },
              body: { kind: f.kind as never, description: f.description, dueAt: beijingToIso(f.dueAt) },
            }),
          );
          if (ok) {
            promiseForm.resetFields();
            setPromising(false);
          }
        }}
      >
        <Form form={promiseForm} name="promise" layout="vertical">
          <Form.Item name="kind" label={t('promise.kind')} rules={[{ required: true, message: t('field.required') }]}>
            <Select options={opts('promiseKind')} />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('offer.description')}
            rules={[{ required: true, whitespace: true, message: t('field.required') }]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="dueAt"
            label={t('offer.promiseDueAtBeijing')}
            rules={[{ required: true, message: t('field.required') }]}
          >
            <Input type="datetime-local" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={rating}
        title={t('followUp.record')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onCancel={() => setRating(false)}
        onOk={async () => {
          const f = (await rateForm.validateFields()) as { rating: number; comment?: string };
          const ok = await run(() =>
            api.post('/api/v1/cases/{id}/follow-up', {
              path: { id: c.id },
              body: { rating: f.rating, ...(f.comment ? { comment: f.comment } : {}) },
            }),
          );
          if (ok) {
            rateForm.resetFields();
            setRating(false);
          }
        }}
      >
        <Form form={rateForm} name="rate" layout="vertical">
          <Form.Item
            name="rating"
            label={t('followUp.rating')}
            rules={[{ required: true, message: t('field.required') }]}
          >
            <Rate />
          </Form.Item>
          <Form.Item name="comment" label={t('consumer.rateComment')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
