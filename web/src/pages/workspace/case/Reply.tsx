import { App, Button, Drawer, Empty, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, type ApiResult, api, type CaseDto } from '../../../api/client.ts';
import { useAuth } from '../../../auth.tsx';
import { fillVariables } from '../../../canned.ts';
import { useI18n } from '../../../i18n/index.tsx';

type Suggested = ApiResult<'/api/v1/cases/{id}/suggested-replies', 'get'>;
type Canned = ApiResult<'/api/v1/canned-responses', 'get'>['items'][number];

/** Reply to the complainant: by e-mail when the case has an address, else as a message on their case page. */
export function ReplyDrawer(props: { c: CaseDto; open: boolean; onClose: () => void; onSent: () => void }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { c } = props;
  const [text, setText] = useState('');
  const [templateId, setTemplateId] = useState<string | undefined>();
  const [suggested, setSuggested] = useState<Suggested | null>(null);
  const [canned, setCanned] = useState<Canned[]>([]);
  const [via, setVia] = useState<'email' | 'page'>(c.complainant.email ? 'email' : 'page');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!props.open) return;
    api.get('/api/v1/cases/{id}/suggested-replies', { path: { id: c.id } }).then(setSuggested, () => {});
    api.get('/api/v1/canned-responses').then(
      (r) => setCanned(r.items.filter((x) => !x.archivedAt)),
      () => {},
    );
  }, [props.open, c.id]);

  const vars = {
    客户姓名: c.complainant.name,
    订单号: c.orderNumber,
    投诉编号: c.caseNumber,
    商家名称: me?.tenant.name,
    坐席姓名: me?.user?.displayName,
  };
  const use = (body: string, id?: string) => {
    setText(fillVariables(body, vars));
    setTemplateId(id);
  };

  const send = async () => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      if (via === 'email') {
        await api.post('/api/v1/cases/{id}/replies', {
          path: { id: c.id },
          body: { text, ...(templateId ? { cannedResponseId: templateId } : {}) },
        });
      } else {
        await api.post('/api/v1/cases/{id}/notes', {
          path: { id: c.id },
          body: { body: text, visibility: 'customer' },
        });
      }
      message.success(t('reply.sent'));
      setText('');
      setTemplateId(undefined);
      props.onSent();
      props.onClose();
    } catch (err) {
      message.error(err instanceof ApiError ? `${err.text(lang)} (${err.code})` : t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={props.open} onClose={props.onClose} title={`${t('case.reply')} · ${c.caseNumber}`} size={560}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={via} onChange={(e) => setVia(e.target.value)}>
          <Radio value="email" disabled={!c.complainant.email}>
            {t('reply.byEmail')} {c.complainant.email ? `(${c.complainant.email})` : ''}
          </Radio>
          <Radio value="page">{t('reply.onPage')}</Radio>
        </Radio.Group>
        <Input.TextArea
          id="reply-text"
          aria-label={t('case.reply')}
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={10_000}
          showCount
        />
        <Button
          type="primary"
          onClick={() => void send()}
          loading={busy}
          disabled={!text.trim()}
          data-testid="send-reply"
        >
          {t('reply.send')}
        </Button>
        <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>
          {t('reply.suggested')}
        </Typography.Title>
        {suggested && suggested.templates.length === 0 && <Empty description={t('common.none')} />}
        <List
          size="small"
          dataSource={suggested?.templates ?? []}
          renderItem={(x) => (
            <List.Item
              actions={[
                <Button key="u" size="small" onClick={() => use(x.text, x.id)}>
                  {t('reply.use')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={4}>
                    {x.title}
                    {x.closedSatisfied > 0 && <Tag color="green">👍 {x.closedSatisfied}</Tag>}
                  </Space>
                }
                description={<span style={{ whiteSpace: 'pre-wrap' }}>{x.text}</span>}
              />
            </List.Item>
          )}
        />
        <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>
          {t('reply.canned')}
        </Typography.Title>
        <List
          size="small"
          dataSource={canned}
          locale={{ emptyText: t('common.none') }}
          renderItem={(x) => (
            <List.Item
              actions={[
                <Button key="u" size="small" onClick={() => use(x.body, x.id)}>
                  {t('reply.use')}
                </Button>,
              ]}
            >
              <List.Item.Meta title={x.title} description={fillVariables(x.body, vars)} />
            </List.Item>
          )}
        />
        {suggested && suggested.resolutions.length > 0 && (
          <>
            <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>
              {t('reply.similar')}
            </Typography.Title>
            <List
              size="small"
              dataSource={suggested.resolutions}
              renderItem={(r) => (
                <List.Item>
                  <List.Item.Meta title={r.caseNumber} description={r.resolution} />
                </List.Item>
              )}
            />
          </>
        )}
      </Space>
    </Drawer>
  );
}
