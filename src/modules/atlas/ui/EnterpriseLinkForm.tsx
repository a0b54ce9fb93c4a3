import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { atlasApi, DECISIONS, type Decision } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { FailureAlert } from '../../../web/components/FailureAlert.tsx';

interface Fields {
  chainId: string;
  segmentKey: string;
  evidence: 'strong' | 'medium' | 'weak';
  source: string;
  asOf: string;
  decision: Decision;
}

/** Today as YYYY-MM-DD in the browser's time zone (the default as-of date of a link made by hand). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * 关联到环节: links an enterprise to a chain's segment by hand, with its evidence, source, as-of date and decision (an
 * imported enterprise carries no segment, so without this it could never appear on a map from the browser).
 */
export function EnterpriseLinkForm({ regionCode, id }: { regionCode: string; id: string }) {
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [form] = Form.useForm<Fields>();
  const chainId = Form.useWatch('chainId', form);
  const chains = useQuery({ queryKey: ['atlas', 'chains'], queryFn: atlasApi.chains, enabled: open });
  const chain = useQuery({ queryKey: ['atlas', 'chain', chainId], queryFn: () => atlasApi.chain(chainId!), enabled: open && Boolean(chainId) });

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setFailure(null);
    try {
      await atlasApi.link(regionCode, id, { chainId: v.chainId, segmentKey: v.segmentKey, evidence: v.evidence, source: v.source.trim(), asOf: v.asOf, decision: v.decision });
      void feedback.message.success(t('link.saved'));
      setOpen(false);
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['atlas'] });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <Button icon={<PlusOutlined />} size="small" onClick={() => (setFailure(null), setOpen(true))} data-testid="link-add">
        {t('link.add')}
      </Button>
    );
  return (
    <div data-testid="link-form">
      <Form form={form} layout="vertical" name="enterpriseLink" initialValues={{ evidence: 'medium', decision: 'confirmed', asOf: today(), source: t('link.sourceDefault') }}>
        <Form.Item name="chainId" label={t('link.chain')} rules={[{ required: true, message: t('link.chainRequired') }]}>
          <Select
            aria-label={t('link.chain')}
            loading={chains.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={() => form.setFieldValue('segmentKey', undefined)}
            options={(chains.data ?? []).map((c) => ({ value: c.id, label: locale === 'en-US' && c.nameEn ? c.nameEn : c.name }))}
          />
        </Form.Item>
        <Form.Item name="segmentKey" label={t('link.segment')} rules={[{ required: true, message: t('link.segmentRequired') }]}>
          <Select
            aria-label={t('link.segment')}
            disabled={!chainId}
            loading={chain.isFetching}
            showSearch={{ optionFilterProp: 'label' }}
            options={(chain.data?.segments ?? []).map((s) => ({ value: s.key, label: `${s.name}（${t(`stage.${s.stage}`)}）` }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="evidence" label={t('evidence.label')}>
            <Select aria-label={t('evidence.label')} style={{ width: 120 }} options={(['strong', 'medium', 'weak'] as const).map((e) => ({ value: e, label: t(`evidence.${e}`) }))} />
          </Form.Item>
          <Form.Item name="decision" label={t('link.decision')}>
            <Select aria-label={t('link.decision')} style={{ width: 120 }} options={DECISIONS.map((d) => ({ value: d, label: t(`decision.${d}`) }))} />
          </Form.Item>
          <Form.Item name="asOf" label={t('detail.linkAsOf')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('link.asOfRequired') }]}>
            <Input type="date" aria-label={t('detail.linkAsOf')} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="source" label={t('detail.source')} rules={[{ required: true, whitespace: true, message: t('link.sourceRequired') }]}>
          <Input maxLength={500} aria-label={t('detail.source')} />
        </Form.Item>
      </Form>
      {failure ? (
        <FailureAlert failure={failure} style={{ marginBottom: 12 }} />
      ) : null}
      <Space>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="link-save">
          {t('link.save')}
        </Button>
        <Button onClick={() => setOpen(false)}>{t('import.cancel')}</Button>
      </Space>
    </div>
  );
}
