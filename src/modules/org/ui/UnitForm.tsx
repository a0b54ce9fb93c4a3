import { useEffect, useState } from 'react';
import { Button, Drawer, Flex, Form, Input, InputNumber, Select, Switch, TreeSelect } from 'antd';
import { useMessages } from '../../../web/i18n.ts';
import { useT } from '../../../web/i18n.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { orgMessages } from './org.messages.ts';
import { orgApi, UNIT_KINDS, type Unit, type UnitInput, type UnitNode } from './org.api.ts';
import { unitTreeOptions, type TreeOption } from './useOrgData.ts';

type UnitFormValues = UnitInput;

function toValues(unit: Unit): UnitFormValues {
  return {
    name: unit.name,
    shortName: unit.short_name,
    aliases: unit.aliases,
    kind: unit.kind,
    parentId: unit.parent_id,
    regionCode: unit.region_code,
    sortOrder: unit.sort_order,
    active: unit.active,
  };
}

/** The fields that differ from the unit as loaded, so a PATCH carries only what the user changed. */
export function changedUnitFields(before: UnitFormValues, after: UnitFormValues): Partial<UnitFormValues> {
  const patch: Partial<UnitFormValues> = {};
  for (const key of Object.keys(after) as (keyof UnitFormValues)[]) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) (patch as Record<string, unknown>)[key] = after[key];
  }
  return patch;
}

function normalise(values: UnitFormValues): UnitFormValues {
  return {
    ...values,
    name: values.name?.trim() ?? '',
    shortName: values.shortName?.trim() || null,
    aliases: (values.aliases ?? []).map((a) => a.trim()).filter(Boolean),
    parentId: values.parentId ?? null,
    sortOrder: values.sortOrder ?? 0,
    active: values.active ?? true,
  };
}

/** Creates a unit, or edits one: sends its `version` so a concurrent change is reported instead of overwritten. */
export function UnitForm(props: {
  open: boolean;
  /** The unit to edit; null to create. */
  unit: Unit | null;
  /** Parent of a new unit. */
  parentId?: string | null;
  /** Whether the parent may be changed (administrators); the server enforces it either way. */
  canMove: boolean;
  tree: UnitNode[];
  regionOptions: TreeOption[];
  defaultRegion: string | undefined;
  onClose: () => void;
  onSaved: (unit: Unit) => void;
}) {
  const { open, unit, parentId, canMove, tree, regionOptions, defaultRegion, onClose, onSaved } = props;
  const t = useMessages(orgMessages);
  const tc = useT();
  const feedback = useFeedback();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<UnitFormValues>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      unit
        ? toValues(unit)
        : { name: '', shortName: null, aliases: [], kind: 'bureau', parentId: parentId ?? null, regionCode: defaultRegion, sortOrder: 0, active: true },
    );
  }, [open, unit, parentId, defaultRegion, form]);

  // A unit cannot move under itself or its own sub-units.
  const parentOptions = unitTreeOptions(tree, (u, ancestorDisabled) => ancestorDisabled || u.id === unit?.id);

  const submit = async (raw: UnitFormValues) => {
    const values = normalise(raw);
    setSaving(true);
    try {
      let saved: Unit;
      if (unit) {
        const patch = changedUnitFields(normalise(toValues(unit)), values);
        if (Object.keys(patch).length === 0) {
          onClose();
          return;
        }
        saved = await orgApi.updateUnit(unit.id, { ...patch, version: unit.version });
      } else {
        saved = await orgApi.createUnit(values);
      }
      void feedback.message.success(tc('common.saved'));
      onSaved(saved);
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={unit ? t('units.edit') : t('units.create')}
      size={isPhone ? '100%' : 520}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{tc('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="unit-save">
            {tc('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" preserve={false}>
        <Form.Item name="name" label={t('unit.name')} rules={[{ required: true, whitespace: true, message: t('unit.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="shortName" label={t('unit.shortName')}>
          <Input maxLength={50} allowClear />
        </Form.Item>
        <Form.Item name="aliases" label={t('unit.aliases')} extra={t('unit.aliasesHint')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} suffixIcon={null} data-testid="unit-aliases" />
        </Form.Item>
        <Form.Item name="kind" label={t('unit.kind')} rules={[{ required: true, message: t('unit.kindRequired') }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('unit.parent')} extra={canMove ? undefined : t('units.moveLocked')}>
          <TreeSelect
            treeData={parentOptions}
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('unit.parentNone')}
            disabled={!canMove}
            treeDefaultExpandAll={false}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('unit.region')} rules={[{ required: true, message: t('unit.regionRequired') }]}>
          <TreeSelect treeData={regionOptions} showSearch={{ treeNodeFilterProp: 'title' }} />
        </Form.Item>
        <Flex gap={24}>
          <Form.Item name="sortOrder" label={t('unit.sortOrder')}>
            <InputNumber precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="active" label={t('unit.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
      </Form>
    </Drawer>
  );
}
