import { ArrowLeftOutlined, LinkOutlined, MessageOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, api, type CaseDto } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { SlaTag } from '../../components/SlaTag.tsx';
import { formatDateTime } from '../../format.ts';
import { type TextKey, useI18n } from '../../i18n/index.tsx';
import { ActionModal } from './case/ActionModal.tsx';
import { EscalationPanel, EvidencePanel, HistoryPanel, OrderPanel, TimelinePanel } from './case/Panels.tsx';
import { ReplyDrawer } from './case/Reply.tsx';
import { ResolutionPanel } from './case/Resolution.tsx';

type Member = { userId: string; displayName: string; role: string };

const statusColor: Record<string, string> = {
  submitted: 'blue',
  accepted: 'cyan',
  in_progress: 'processing',
  awaiting_customer: 'gold',
  pending_refund: 'purple',
  resolved: 'green',
  closed: 'default',
  rejected: 'red',
  withdrawn: 'default',
  escalated: 'magenta',
  reopened: 'orange',
};

export default function CasePage() {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t, v, lang } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [c, setC] = useState<CaseDto | null>(null);
  const [fetchedAt, setFetchedAt] = useState(Date.now());
  const [error, setError] = useState<ApiError | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [reply, setReply] = useState(search.get('reply') === '1');
  const [link, setLink] = useState<string | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [members, setMembers] = useState<Member[]>([]);
  const [assignee, setAssignee] = useState<string | undefined>();
  const [assignReason, setAssignReason] = useState('');
  const [noteText, setNoteText] = useState('');

  const load = useCallback(async () => {
    try {
      setC(await api.get('/api/v1/cases/{id}', { path: { id } }));
      setFetchedAt(Date.now());
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err), ''));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!reply && search.get('reply')) setSearch({}, { replace: true });
  }, [reply, search, setSearch]);

  if (error)
    return <Result status={error.status === 404 ? '404' : 'error'} title={error.code} subTitle={error.text(lang)} />;
  if (!c) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;

  const mayWork = me && ['admin', 'supervisor', 'agent'].includes(me.role);
  const assignTo = async (userId: string, reason?: string) => {
    try {
      setC(
        await api.post('/api/v1/cases/{id}/assign', {
          path: { id: c.id },
          body: { assigneeId: userId, ...(reason ? { reason } : {}) },
        }),
      );
      message.success(t('case.assigned'));
      setAssigning(false);
    } catch (err) {
      message.error(err instanceof ApiError ? `${err.text(lang)} (${err.code})` : t('common.error'));
    }
  };
  const issueLink = async () => {
    try {
      const r = await api.post('/api/v1/cases/{id}/access-links', { path: { id: c.id }, body: {} });
      setLink(`${window.location.origin}/track/${r.token}`);
    } catch (err) {
      message.error(err instanceof ApiError ? err.text(lang) : t('common.error'));
    }
  };
  const addNote = async () => {
    if (!noteText.trim()) return;
    try {
      await api.post('/api/v1/cases/{id}/notes', { path: { id: c.id }, body: { body: noteText } });
      setNoteText('');
      void load();
    } catch (err) {
      message.error(err instanceof ApiError ? err.text(lang) : t('common.error'));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/queue')}
              aria-label={t('common.back')}
            />
            <h1 style={{ fontSize: 18, margin: 0 }}>{t('case.title', { n: c.caseNumber })}</h1>
            <Tag color={statusColor[c.status]} data-testid="case-status" data-status={c.status}>
              {v('status', c.status)}
            </Tag>
            <Tag color={c.severity >= 3 ? 'red' : c.severity === 2 ? 'orange' : 'default'}>
              {t('queue.severity')}: {v('severity', c.severity)}
            </Tag>
            <Tag>{v('category', c.category)}</Tag>
            <Tag>{v('kind', c.kind)}</Tag>
            <SlaTag c={c} fetchedAt={fetchedAt} />
          </Space>
        }
      >
        {c.statusReason && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`${t('case.statusReason')}: ${c.statusReason}`}
          />
        )}
        {c.missing.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`${t('case.missing')}: ${c.missing.map((m) => v('missing', m)).join('、')}`}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('queue.complainant')}>
            <span data-testid="complainant-name">{c.complainant.name}</span> {c.complainant.phone ?? ''}{' '}
            {c.complainant.email ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.channel')}>{v('channel', c.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('consumer.orderNumber')}>{c.orderNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('case.expected')}>{v('resolution', c.expectedResolution)}</Descriptions.Item>
          <Descriptions.Item label={t('queue.assignee')}>
            {c.assigneeId
              ? c.assigneeId === me?.user?.id
                ? t('queue.mine')
                : c.assigneeId.slice(0, 8)
              : t('queue.unassigned')}
          </Descriptions.Item>
          <Descriptions.Item label={t('queue.createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('case.reason')} span={3}>
            <div style={{ whiteSpace: 'pre-wrap' }} data-testid="case-reason">
              {c.reason}
            </div>
          </Descriptions.Item>
          {c.resolution && (
            <Descriptions.Item label={t('case.resolution')} span={3}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{c.resolution}</div>
            </Descriptions.Item>
          )}
          {c.rootCause && (
            <Descriptions.Item label={t('case.rootCause')} span={3}>
              {v('rootCauseType', c.rootCause.type)} · {v('rootCauseCategory', c.rootCause.category)} ·{' '}
              {c.rootCause.text}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Space wrap style={{ marginTop: 16 }} data-testid="actions">
          {c.allowedActions.map((a) => (
            <Button
              key={a}
              type={['accept', 'start', 'resolve', 'close'].includes(a) ? 'primary' : 'default'}
              danger={['reject', 'withdraw'].includes(a)}
              onClick={() => setAction(a)}
              data-action={a}
            >
              {v('action', a)}
            </Button>
          ))}
          {c.allowedActions.length === 0 && <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>}
          {mayWork && c.assigneeId !== me?.user?.id && (
            <Button
              icon={<UserAddOutlined />}
              onClick={() => (c.assigneeId ? setAssigning(true) : void assignTo(me!.user!.id))}
              data-testid="assign-me"
            >
              {t('case.assignToMe')}
            </Button>
          )}
          {me && ['admin', 'supervisor'].includes(me.role) && (
            <Button
              onClick={() => {
                setAssigning(true);
                api.get('/api/v1/members').then(
                  (r) => setMembers(r as Member[]),
                  () => {},
                );
              }}
            >
              {t('case.assignOther')}
            </Button>
          )}
          {mayWork && (
            <Button icon={<MessageOutlined />} onClick={() => setReply(true)} data-testid="open-reply">
              {t('case.reply')}
            </Button>
          )}
          {mayWork && (
            <Button icon={<LinkOutlined />} onClick={() => void issueLink()} data-testid="issue-link">
              {t('case.accessLink')}
            </Button>
          )}
        </Space>
        {link && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            title={t('case.accessLinkShown')}
            description={
              <Typography.Text copyable data-testid="access-link">
                {link}
              </Typography.Text>
            }
          />
        )}
      </Card>

      <Card>
        <Tabs
          items={[
            {
              key: 'timeline',
              label: t('case.timeline'),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {mayWork && (
                    <Space.Compact style={{ width: '100%' }}>
                      <Input
                        aria-label={t('case.note')}
                        placeholder={t('case.note')}
                        value={noteText}
                        onChange={(e) => setNoteText(e.target.value)}
                        onPressEnter={() => void addNote()}
                      />
                      <Button onClick={() => void addNote()}>{t('case.note')}</Button>
                    </Space.Compact>
                  )}
                  <TimelinePanel caseId={c.id} version={c.version} />
                </Space>
              ),
            },
            {
              key: 'evidence',
              label: t('case.evidence'),
              children: <EvidencePanel c={c} onChanged={() => void load()} />,
            },
            {
              key: 'resolution',
              label: t('case.offers'),
              children: <ResolutionPanel c={c} onChanged={() => void load()} />,
            },
            { key: 'order', label: t('case.order'), children: <OrderPanel c={c} /> },
            { key: 'history', label: t('case.history'), children: <HistoryPanel c={c} /> },
            { key: 'escalations', label: t('case.escalations'), children: <EscalationPanel c={c} /> },
          ]}
        />
      </Card>

      <ActionModal
        c={c}
        action={action}
        onClose={() => setAction(null)}
        onDone={(updated) => {
          setC(updated);
          setFetchedAt(Date.now());
          setAction(null);
          message.success(v('action', action ?? ''));
        }}
      />
      <ReplyDrawer c={c} open={reply} onClose={() => setReply(false)} onSent={() => void load()} />
      <Modal
        open={assigning}
        title={c.assigneeId ? t('case.reassign') : t('case.assignOther')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onCancel={() => setAssigning(false)}
        onOk={() => {
          const target = assignee ?? me?.user?.id;
          if (target) void assignTo(target, assignReason || undefined);
        }}
      >
        {members.length > 0 && (
          <Select
            style={{ width: '100%', marginBottom: 12 }}
            aria-label={t('queue.assignee')}
            value={assignee}
            onChange={setAssignee}
            options={members
              .filter((m) => ['admin', 'supervisor', 'agent'].includes(m.role))
              .map((m) => ({ value: m.userId, label: `${m.displayName} · ${v('role', m.role)}` }))}
          />
        )}
        {c.assigneeId && (
          <Input.TextArea
            aria-label={t('case.reassignReason')}
            placeholder={t('case.reassignReason')}
            value={assignReason}
            onChange={(e) => setAssignReason(e.target.value)}
          />
        )}
      </Modal>
      <Typography.Text type="secondary">
        <Link to="/queue">{t('menu.queue')}</Link> · {t('case.version')} {c.version}
      </Typography.Text>
    </Space>
  );
}

export type { TextKey };
