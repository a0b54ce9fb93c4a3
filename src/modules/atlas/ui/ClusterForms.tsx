import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { CLUSTER_INDICATORS, CLUSTER_INDICATOR_KEYS, CLUSTER_LEVELS, CLUSTER_LEVEL_KEYS, ZONE_KINDS, ZONE_KIND_KEYS } from '../atlas.clusters.domain.ts';
import { atlasApi } from './atlas.api.ts';
import { clusterApi, type ClusterBody, type ClusterDetail, type Zone, type ZoneBody } from './clusters.api.ts';
import { clusterMessages } from './clusters.messages.ts';
import { RegionPicker } from './RegionPicker.tsx';

const bi = (locale: string, b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);

interface ClusterValues {
  name: string;
  nameEn?: string;
  regionCode?: string;
  level: ClusterBody['level'];
  chainIds: string[];
  zoneIds: string[];
  leading?: string;
  targets?: { indicator: NonNullable<ClusterBody['targets']>[number]['indicator']; value: number; year: number }[];
  description?: string;
  promotionBody?: string;
}

/** The form of a cluster (new, or `cluster` to edit): chains, zones, level, 链主 and target figures. */
export function ClusterFormModal({ open, cluster, onClose, onSaved }: { open: boolean; cluster: ClusterDetail | null; onClose: () => void; onSaved: (id: string) => void }) {
  const t = useMessages(clusterMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const [form] = Form.useForm<ClusterValues>();
  const [saving, setSaving] = useState(false);
  const chains = useQuery({ queryKey: ['atlas', 'chains'], queryFn: atlasApi.chains, enabled: open });
  const zones = useQuery({ queryKey: ['atlas', 'zones'], queryFn: clusterApi.zones, enabled: open });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (cluster)
      form.setFieldsValue({
        name: cluster.name,
        nameEn: cluster.nameEn ?? undefined,
        regionCode: cluster.regionCode,
        level: cluster.level,
        chainIds: cluster.chains.map((c) => c.id),
        zoneIds: cluster.zones.map((z) => z.id),
        leading: cluster.leading.map((l) => (l.uscc ? `${l.name} ${l.uscc}` : l.name)).join('\n'),
        targets: cluster.targets.map((x) => ({ indicator: x.indicator, value: x.value, year: x.year })),
        description: cluster.description ?? undefined,
        promotionBody: cluster.promotionBody ?? undefined,
      });
  }, [open, cluster, form]);
  const save = async () => {
    // An invalid form: antd shows each field's message; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: ClusterBody = {
      name: v.name,
      nameEn: v.nameEn || null,
      regionCode: v.regionCode ?? '',
      level: v.level,
      chainIds: v.chainIds ?? [],
      zoneIds: v.zoneIds ?? [],
      leading: (v.leading ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const m = /^(.*\S)\s+([0-9A-Z]{18})$/.exec(line);
          return m ? { name: m[1]!, uscc: m[2]! } : { name: line, uscc: null };
        }),
      targets: (v.targets ?? []).map((x) => ({ indicator: x.indicator, value: x.value, year: x.year })),
      description: v.description || null,
      promotionBody: v.promotionBody?.trim() || null,
    };
    setSaving(true);
    try {
      const saved = cluster ? await clusterApi.updateCluster(cluster.id, body) : await clusterApi.createCluster(body);
      void feedback.message.success(t('cl.saved'));
      onSaved(saved.id);
    } catch (error) {
      feedback.error(error);
    } finally {
      setSaving(false);
    }
  };
  const required = [{ required: true, message: t('cl.required') }];
  return (
    <Modal open={open} title={cluster ? t('cl.edit') : t('cl.new')} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} width={720} destroyOnHidden>
      <Form form={form} layout="vertical" name="cluster" initialValues={{ level: 'provincial', chainIds: [], zoneIds: [] }}>
        <Form.Item name="name" label={t('cl.name')} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('cl.nameEn')}>
          <Input />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="regionCode" label={t('cl.region')} rules={required}>
            <RegionPicker placeholder={t('cl.region')} onChange={(v) => form.setFieldValue('regionCode', v)} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="level" label={t('cl.level')} rules={required}>
            <Select style={{ width: 260 }} options={CLUSTER_LEVEL_KEYS.map((k) => ({ value: k, label: bi(locale, CLUSTER_LEVELS[k]) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="chainIds" label={t('cl.chains')} rules={required}>
          <Select mode="multiple" aria-label={t('cl.chains')} optionFilterProp="label" loading={chains.isLoading} options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="zoneIds" label={t('cl.zones')} rules={required}>
          <Select mode="multiple" aria-label={t('cl.zones')} optionFilterProp="label" loading={zones.isLoading} options={(zones.data ?? []).map((z) => ({ value: z.id, label: `${z.name}（${z.regionName}）` }))} />
        </Form.Item>
        <Form.Item name="leading" label={t('cl.leading')} extra={t('cl.leadingHint')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label={t('cl.targets')}>
          <Form.List name="targets">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'indicator']} rules={required}>
                      <Select aria-label={t('cl.indicator')} style={{ width: 180 }} options={CLUSTER_INDICATOR_KEYS.map((k) => ({ value: k, label: `${bi(locale, CLUSTER_INDICATORS[k])}（${CLUSTER_INDICATORS[k].unit}）` }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'value']} rules={required}>
                      <InputNumber aria-label={t('cl.value')} placeholder={t('cl.value')} min={0} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'year']} rules={required}>
                      <InputNumber aria-label={t('cl.year')} placeholder={t('cl.year')} min={2000} max={2100} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ indicator: 'output', year: new Date().getFullYear() + 1 })}>
                  {t('cl.addTarget')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="promotionBody" label={t('cl.promotionBody')} extra={t('cl.promotionBodyHint')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('cl.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ZoneValues {
  name: string;
  nameEn?: string;
  kind: ZoneBody['kind'];
  regionCode?: string;
  districts?: string;
  lat?: number | null;
  lng?: number | null;
  radiusKm?: number | null;
  focusChain?: string;
  focusSegments?: string[];
  note?: string;
}

/** The form of a carrier zone (new, or `zone` to edit): kind, region and districts, centre and radius, focus segments. */
export function ZoneFormModal({ open, zone, onClose, onSaved }: { open: boolean; zone: Zone | null; onClose: () => void; onSaved: () => void }) {
  const t = useMessages(clusterMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const [form] = Form.useForm<ZoneValues>();
  const [saving, setSaving] = useState(false);
  const chains = useQuery({ queryKey: ['atlas', 'chains'], queryFn: atlasApi.chains, enabled: open });
  const focusChain = Form.useWatch('focusChain', form);
  const chain = useQuery({ queryKey: ['atlas', 'chain', focusChain], queryFn: () => atlasApi.chain(focusChain!), enabled: open && Boolean(focusChain) });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (zone)
      form.setFieldsValue({
        name: zone.name,
        nameEn: zone.nameEn ?? undefined,
        kind: zone.kind,
        regionCode: zone.regionCode,
        districts: zone.districtCodes.join(', '),
        lat: zone.lat,
        lng: zone.lng,
        radiusKm: zone.radiusKm,
        focusChain: zone.focus[0]?.chainId,
        focusSegments: zone.focus[0]?.segments.map((s) => s.key) ?? [],
        note: zone.note ?? undefined,
      });
  }, [open, zone, form]);
  const save = async () => {
    // An invalid form: antd shows each field's message; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const rest = (zone?.focus ?? []).slice(1).map((f) => ({ chainId: f.chainId, segmentKeys: f.segments.map((s) => s.key) }));
    const body: ZoneBody = {
      name: v.name,
      nameEn: v.nameEn || null,
      kind: v.kind,
      regionCode: v.regionCode ?? '',
      districtCodes: (v.districts ?? '').split(/[,，\s]+/).filter(Boolean),
      lat: v.lat ?? null,
      lng: v.lng ?? null,
      radiusKm: v.radiusKm ?? null,
      focus: [...(v.focusChain ? [{ chainId: v.focusChain, segmentKeys: v.focusSegments ?? [] }] : []), ...rest],
      note: v.note || null,
    };
    setSaving(true);
    try {
      if (zone) await clusterApi.updateZone(zone.id, body);
      else await clusterApi.createZone(body);
      void feedback.message.success(t('cl.saved'));
      onSaved();
    } catch (error) {
      feedback.error(error);
    } finally {
      setSaving(false);
    }
  };
  const required = [{ required: true, message: t('cl.required') }];
  return (
    <Modal open={open} title={zone ? t('cl.zoneEdit') : t('cl.zoneNew')} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} width={680} destroyOnHidden>
      <Form form={form} layout="vertical" name="zone" initialValues={{ kind: 'park' }}>
        <Form.Item name="name" label={t('cl.name')} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('cl.nameEn')}>
          <Input />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="kind" label={t('cl.kind')} rules={required}>
            <Select style={{ width: 240 }} options={ZONE_KIND_KEYS.map((k) => ({ value: k, label: bi(locale, ZONE_KINDS[k]) }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('cl.region')} rules={required}>
            <RegionPicker placeholder={t('cl.region')} onChange={(v) => form.setFieldValue('regionCode', v)} style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Form.Item name="districts" label={t('cl.districts')} extra={t('cl.districtsHint')}>
          <Input />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="lat" label={t('cl.centre')}>
            <InputNumber aria-label="lat" min={-90} max={90} step={0.01} />
          </Form.Item>
          <Form.Item name="lng" label=" ">
            <InputNumber aria-label="lng" min={-180} max={180} step={0.01} />
          </Form.Item>
          <Form.Item name="radiusKm" label={t('cl.radius')}>
            <InputNumber min={0.1} max={500} />
          </Form.Item>
        </Space>
        <Form.Item name="focusChain" label={t('cl.zoneFocus')}>
          <Select allowClear aria-label={t('cl.chains')} options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} onChange={() => form.setFieldValue('focusSegments', [])} />
        </Form.Item>
        <Form.Item name="focusSegments">
          <Select mode="multiple" aria-label={t('cl.segment')} disabled={!focusChain} optionFilterProp="label" options={(chain.data?.segments ?? []).map((s) => ({ value: s.key, label: s.name }))} />
        </Form.Item>
        <Form.Item name="note" label={t('cl.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
