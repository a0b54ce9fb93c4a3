import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Form, Input, Modal, Select, Space } from 'antd';
import { useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { INTERMEDIARY_KINDS, INTERMEDIARY_KIND_KEYS } from '../atlas.intermediaries.domain.ts';
import { atlasApi } from './atlas.api.ts';
import { clusterApi } from './clusters.api.ts';
import { intermediaryApi, type IntermediaryBody, type IntermediaryDetail } from './intermediaries.api.ts';
import { intermediaryMessages } from './intermediaries.messages.ts';
import { RegionPicker } from './RegionPicker.tsx';

interface Values {
  name: string;
  kind: IntermediaryBody['kind'];
  regionCode?: string;
  uscc?: string;
  contact?: string;
  address?: string;
  website?: string;
  chainIds: string[];
  clusterIds: string[];
  note?: string;
}

/** The form of an intermediary (new, or `record` to edit): kind, region, own code, contact, the chains and clusters it serves. */
export function IntermediaryFormModal({ open, record, onClose, onSaved }: { open: boolean; record: IntermediaryDetail | null; onClose: () => void; onSaved: (id: string) => void }) {
  const t = useMessages(intermediaryMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const chains = useQuery({ queryKey: ['atlas', 'chains'], queryFn: atlasApi.chains, enabled: open });
  const clusters = useQuery({ queryKey: ['atlas', 'clusters'], queryFn: clusterApi.clusters, enabled: open });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record)
      form.setFieldsValue({
        name: record.name,
        kind: record.kind,
        regionCode: record.regionCode,
        uscc: record.uscc ?? undefined,
        contact: record.contact ?? undefined,
        address: record.address ?? undefined,
        website: record.website ?? undefined,
        chainIds: record.chains.map((c) => c.id),
        clusterIds: record.clusters.map((c) => c.id),
        note: record.note ?? undefined,
      });
  }, [open, record, form]);
  const save = async () => {
    // An invalid form: antd shows each field's message; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: IntermediaryBody = {
      name: v.name,
      kind: v.kind,
      regionCode: v.regionCode ?? '',
      uscc: v.uscc?.trim() || null,
      contact: v.contact || null,
      address: v.address || null,
      website: v.website || null,
      chainIds: v.chainIds ?? [],
      clusterIds: v.clusterIds ?? [],
      note: v.note || null,
    };
    setSaving(true);
    try {
      const saved = record ? await intermediaryApi.update(record.id, body) : await intermediaryApi.create(body);
      void feedback.message.success(t('im.saved'));
      onSaved(saved.id);
    } catch (error) {
      feedback.error(error);
    } finally {
      setSaving(false);
    }
  };
  const required = [{ required: true, message: t('im.required') }];
  return (
    <Modal open={open} title={record ? t('im.edit') : t('im.new')} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} width={720} destroyOnHidden>
      <Form form={form} layout="vertical" name="intermediary" initialValues={{ kind: 'association', chainIds: [], clusterIds: [] }}>
        <Form.Item name="name" label={t('im.name')} rules={required}>
          <Input />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="kind" label={t('im.kind')} rules={required}>
            <Select style={{ width: 260 }} aria-label={t('im.kind')} options={INTERMEDIARY_KIND_KEYS.map((k) => ({ value: k, label: locale === 'en-US' ? INTERMEDIARY_KINDS[k].en : INTERMEDIARY_KINDS[k].zh }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('im.region')} rules={required}>
            <RegionPicker placeholder={t('im.region')} onChange={(v) => form.setFieldValue('regionCode', v)} style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Form.Item name="uscc" label={t('im.uscc')} extra={t('im.usccHint')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="contact" label={t('im.contact')}>
          <Input />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="address" label={t('im.address')}>
            <Input style={{ width: 320 }} />
          </Form.Item>
          <Form.Item name="website" label={t('im.website')}>
            <Input style={{ width: 320 }} placeholder="https://" />
          </Form.Item>
        </Space>
        <Form.Item name="chainIds" label={t('im.chains')}>
          <Select mode="multiple" aria-label={t('im.chains')} optionFilterProp="label" loading={chains.isLoading} options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="clusterIds" label={t('im.clusters')}>
          <Select mode="multiple" aria-label={t('im.clusters')} optionFilterProp="label" loading={clusters.isLoading} options={(clusters.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="note" label={t('im.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
