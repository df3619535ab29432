import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { ApiError, api, type CaseDto } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { vocab } from '../../../i18n/vocab.ts';

/** What each lifecycle action needs from the user (src/domain/lifecycle.ts `requires`). */
export function fieldsFor(action: string, c: CaseDto): ('reason' | 'reasonOptional' | 'resolution' | 'rootCause')[] {
  switch (action) {
    case 'reject':
    case 'request_info':
    case 'reopen':
    case 'escalate':
    case 'override_rejection':
      return ['reason'];
    case 'withdraw':
      return ['reasonOptional'];
    case 'resolve':
      return ['resolution'];
    case 'close':
      return c.resolution ? ['rootCause'] : ['resolution', 'rootCause'];
    default:
      return [];
  }
}

/** Runs one of the case's allowedActions, asking first for the fields it needs. */
export function ActionModal(props: {
  c: CaseDto;
  action: string | null;
  onClose: () => void;
  onDone: (c: CaseDto) => void;
}) {
  const { t, v, lang } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { c, action } = props;
  const fields = action ? fieldsFor(action, c) : [];
  const opts = (g: keyof typeof vocab) => Object.keys(vocab[g]).map((value) => ({ value, label: v(g, value) }));

  const submit = async () => {
    if (!action) return;
    const values = (await form.validateFields()) as {
      reason?: string;
      resolution?: string;
      rootCauseType?: 'accidental' | 'systemic';
      rootCauseText?: string;
      rootCauseCategory?: string;
    };
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post('/api/v1/cases/{id}/actions', {
        path: { id: c.id },
        body: {
          action: action as never,
          expectedVersion: c.version,
          ...(values.reason ? { reason: values.reason } : {}),
          ...(values.resolution ? { resolution: values.resolution } : {}),
          ...(values.rootCauseType
            ? {
                rootCause: {
                  type: values.rootCauseType,
                  text: values.rootCauseText ?? '',
                  category: values.rootCauseCategory as never,
                },
              }
            : {}),
        },
      });
      form.resetFields();
      props.onDone(updated);
    } catch (err) {
      setError(err instanceof ApiError ? `${err.text(lang)} (${err.code})` : t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!action}
      title={action ? `${v('action', action)} · ${c.caseNumber}` : ''}
      okText={action ? v('action', action) : t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => {
        setError(null);
        props.onClose();
      }}
      destroyOnHidden
    >
      {fields.length === 0 && <p>{t('case.confirmAction')}</p>}
      <Form form={form} name="action" layout="vertical" preserve={false}>
        {(fields.includes('reason') || fields.includes('reasonOptional')) && (
          <Form.Item
            name="reason"
            label={action === 'request_info' ? t('case.requestText') : t('field.reason')}
            rules={
              fields.includes('reason') ? [{ required: true, whitespace: true, message: t('field.required') }] : []
            }
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {fields.includes('resolution') && (
          <Form.Item
            name="resolution"
            label={t('field.resolution')}
            initialValue={c.resolution ?? undefined}
            rules={[{ required: true, whitespace: true, message: t('field.required') }]}
          >
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        )}
        {fields.includes('rootCause') && (
          <>
            <Form.Item
              name="rootCauseType"
              label={t('field.rootCauseType')}
              initialValue={c.rootCause?.type}
              rules={[{ required: true, message: t('field.required') }]}
            >
              <Select options={opts('rootCauseType')} />
            </Form.Item>
            <Form.Item
              name="rootCauseCategory"
              label={t('field.rootCauseCategory')}
              initialValue={c.rootCause?.category ?? undefined}
              rules={[{ required: true, message: t('field.required') }]}
            >
              <Select options={opts('rootCauseCategory')} />
            </Form.Item>
            <Form.Item
              name="rootCauseText"
              label={t('field.rootCauseText')}
              initialValue={c.rootCause?.text}
              rules={[{ required: true, whitespace: true, message: t('field.required') }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
      </Form>
      {error && (
        <p role="alert" style={{ color: '#cf1322' }}>
          {error}
        </p>
      )}
    </Modal>
  );
}
