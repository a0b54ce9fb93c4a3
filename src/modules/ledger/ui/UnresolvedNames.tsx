import { useState } from 'react';
import { Button, Checkbox, Flex, Form, Input, Modal, Select, Tag, TreeSelect, Typography } from 'antd';
import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { orgApi, orgMessages, unitTreeOptions, UNIT_KINDS, type Person, type UnitKind, type UnitNode } from '../../org/ui/index.ts';
import { taskMessages } from './tasks.messages.ts';
import { plansApi, type UnresolvedNames as Unresolved } from './plans.api.ts';

/**
 * The names written in a plan's tasks that match no unit or leader yet: each is matched once for the whole plan
 * (suggestions first), optionally remembered as the unit's alias so later imports match it by themselves.
 */
export function UnresolvedNames(props: {
  planId: string;
  names: Unresolved;
  canResolve: boolean;
  /** Whether the caller may create units (org's policy, from GET /api/units): then an unmatched unit can be created here. */
  canCreateUnits: boolean;
  /** The plan's region (new units and people go there) and drafting unit (a new person's unit unless chosen). */
  regionCode: string;
  ownerUnitId: string | null;
  unitTree: UnitNode[];
  leaders: Person[];
  onResolved: () => void;
}) {
  const { names, ...rest } = props;
  const t = useMessages(taskMessages);
  if (!names.units.length && !names.leaders.length) return <Typography.Text type="secondary">{t('unresolved.none')}</Typography.Text>;
  return (
    <Flex vertical gap={12} data-testid="unresolved-names">
      {!props.canResolve ? <Typography.Text type="secondary">{t('unresolved.readOnly')}</Typography.Text> : null}
      {names.units.length ? (
        <Flex vertical gap={8}>
          <Typography.Text strong>{t('unresolved.units')}</Typography.Text>
          {names.units.map((u) => (
            <NameRow key={u.rawName} {...rest} kind="unit" rawName={u.rawName} count={u.count} suggestions={u.suggestions.map((s) => ({ id: s.unitId, name: s.name }))} />
          ))}
        </Flex>
      ) : null}
      {names.leaders.length ? (
        <Flex vertical gap={8}>
          <Typography.Text strong>{t('unresolved.leaders')}</Typography.Text>
          {names.leaders.map((l) => (
            <NameRow key={l.rawName} {...rest} kind="leader" rawName={l.rawName} count={l.count} suggestions={l.suggestions.map((s) => ({ id: s.personId, name: s.name }))} />
          ))}
        </Flex>
      ) : null}
    </Flex>
  );
}

interface RowProps {
  planId: string;
  kind: 'unit' | 'leader';
  rawName: string;
  count: number;
  suggestions: { id: string; name: string }[];
  canResolve: boolean;
  canCreateUnits: boolean;
  regionCode: string;
  ownerUnitId: string | null;
  unitTree: UnitNode[];
  leaders: Person[];
  onResolved: () => void;
}

function NameRow(props: RowProps) {
  const { planId, kind, rawName, count, suggestions, canResolve, canCreateUnits, unitTree, leaders, onResolved } = props;
  const t = useMessages(taskMessages);
  const feedback = useFeedback();
  const isPhone = useIsPhone();
  const [target, setTarget] = useState<string | undefined>(suggestions[0]?.id);
  // A resolution is remembered as the unit's alias only when the person asks for it.
  const [remember, setRemember] = useState(false);
  const [saving, setSaving] = useState(false);
  const [creating, setCreating] = useState(false);
  // A person may be added by whoever may edit the unit they belong to (org's person.create): offer it when there is one.
  const personUnits = kind === 'leader' ? editableUnits(unitTree) : [];
  const mayCreate = kind === 'unit' ? canCreateUnits : personUnits.length > 0;

  // Remembering the name changes the unit, which only those who may update it may do: offer it for those units only.
  const mayRemember = kind === 'unit' && target !== undefined && (findUnit(unitTree, target)?.abilities.includes('addAlias') ?? false);

  const resolve = async () => {
    if (!target) return;
    setSaving(true);
    try {
      const { updated } = await plansApi.resolve(planId, { kind, rawName, targetId: target, remember: mayRemember && remember });
      void feedback.message.success(t('unresolved.resolved', { name: rawName, count: updated }));
      onResolved();
    } catch (error) {
      feedback.error(error);
    } finally {
      setSaving(false);
    }
  };

  const suggested = new Set(suggestions.map((s) => s.id));
  const picker =
    kind === 'unit' ? (
      <TreeSelect
        value={target}
        onChange={setTarget}
        placeholder={t('unresolved.pickUnit')}
        showSearch={{ treeNodeFilterProp: 'title' }}
        treeData={unitTreeOptions(unitTree)}
        style={{ width: isPhone ? '100%' : 280 }}
        aria-label={t('unresolved.pickUnit')}
      />
    ) : (
      <Select
        value={target}
        onChange={setTarget}
        placeholder={t('unresolved.pickLeader')}
        showSearch={{ optionFilterProp: 'label' }}
        options={[
          ...suggestions.map((s) => ({ value: s.id, label: `${t('unresolved.suggested')} · ${s.name}` })),
          ...leaders.filter((p) => !suggested.has(p.id)).map((p) => ({ value: p.id, label: p.title ? `${p.name} · ${p.title}` : p.name })),
        ]}
        style={{ width: isPhone ? '100%' : 280 }}
        aria-label={t('unresolved.pickLeader')}
      />
    );

  return (
    <Flex gap={8} align="center" wrap data-testid="unresolved-name">
      <Tag color="warning" style={{ marginInlineEnd: 0 }}>
        {rawName}
      </Tag>
      <Typography.Text type="secondary">{t('unresolved.times', { count })}</Typography.Text>
      {canResolve ? (
        <>
          {kind === 'unit' && suggestions.length ? (
            <Flex gap={4} wrap>
              {suggestions.slice(0, 3).map((s) => (
                <Tag.CheckableTag key={s.id} checked={target === s.id} onChange={() => setTarget(s.id)}>
                  {s.name}
                </Tag.CheckableTag>
              ))}
            </Flex>
          ) : null}
          {picker}
          {mayRemember ? (
            <Checkbox checked={remember} onChange={(e) => setRemember(e.target.checked)}>
              {t('unresolved.remember')}
            </Checkbox>
          ) : null}
          <Button size="small" type="primary" icon={<CheckOutlined />} disabled={!target} loading={saving} onClick={() => void resolve()}>
            {t('unresolved.resolve')}
          </Button>
          {mayCreate ? (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="unresolved-create">
              {kind === 'unit' ? t('unresolved.createUnit') : t('unresolved.createPerson')}
            </Button>
          ) : null}
          {creating ? <CreateFromName {...props} personUnits={personUnits} onClose={() => setCreating(false)} /> : null}
        </>
      ) : null}
    </Flex>
  );
}

/**
 * Creates the unit (or person) a written name stands for, through org's API, then matches the name to it — in that
 * order, so a name is never matched to something that was not made. If matching fails after the record was made,
 * the record stays and the message says so.
 */
function CreateFromName(props: RowProps & { personUnits: string[]; onClose: () => void }) {
  const { planId, kind, rawName, regionCode, ownerUnitId, unitTree, personUnits, onClose, onResolved } = props;
  const t = useMessages(taskMessages);
  const to = useMessages(orgMessages);
  const feedback = useFeedback();
  const [form] = Form.useForm<{ name: string; parentId?: string; kind: UnitKind; title?: string; unitId?: string }>();
  const [saving, setSaving] = useState(false);
  const allowed = new Set(personUnits);

  const submit = async () => {
    // An invalid form: antd shows each field's message; nothing is sent.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaving(true);
    let created: { id: string; name: string };
    try {
      created =
        kind === 'unit'
          ? await orgApi.createUnit({ name: values.name.trim(), shortName: null, aliases: [], kind: values.kind, parentId: values.parentId ?? null, regionCode, sortOrder: 0, active: true })
          : await orgApi.createPerson({
              name: values.name.trim(),
              title: values.title?.trim() || null,
              unitId: values.unitId ?? null,
              regionCode,
              isLeader: true,
              portfolioUnitIds: [],
              phone: null,
              email: null,
            });
    } catch (error) {
      feedback.error(error, form);
      setSaving(false);
      return;
    }
    try {
      const { updated } = await plansApi.resolve(planId, { kind, rawName, targetId: created.id, remember: false });
      void feedback.message.success(t('unresolved.created', { name: created.name, count: updated }));
    } catch (error) {
      feedback.error(error);
      void feedback.message.warning(t('unresolved.createdNotMatched', { name: created.name }));
    }
    setSaving(false);
    onClose();
    onResolved();
  };

  return (
    <Modal
      open
      title={kind === 'unit' ? t('unresolved.createUnitTitle', { name: rawName }) : t('unresolved.createPersonTitle', { name: rawName })}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okButtonProps={{ ...{ 'data-testid': 'unresolved-create-ok' } }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: rawName, kind: 'other', unitId: ownerUnitId && allowed.has(ownerUnitId) ? ownerUnitId : personUnits[0] }}
      >
        <Form.Item name="name" label={t('unresolved.name')} rules={[{ required: true, whitespace: true, message: t('unresolved.nameRequired') }]}>
          <Input maxLength={kind === 'unit' ? 100 : 50} />
        </Form.Item>
        {kind === 'unit' ? (
          <>
            <Form.Item name="parentId" label={t('unresolved.parent')}>
              <TreeSelect allowClear showSearch={{ treeNodeFilterProp: 'title' }} treeData={unitTreeOptions(unitTree)} />
            </Form.Item>
            <Form.Item name="kind" label={t('unresolved.kind')}>
              <Select options={UNIT_KINDS.map((k) => ({ value: k, label: to(`kind.${k}`) }))} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="title" label={t('unresolved.personTitle')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="unitId" label={t('unresolved.personUnit')} rules={[{ required: true, message: t('unresolved.personUnitRequired') }]}>
              <TreeSelect showSearch={{ treeNodeFilterProp: 'title' }} treeData={unitTreeOptions(unitTree, (u) => !allowed.has(u.id))} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** Units the caller may edit, whose people they may therefore add (org's person.create holds for them). */
function editableUnits(nodes: UnitNode[]): string[] {
  return nodes.flatMap((n) => [...(n.abilities.includes('update') ? [n.id] : []), ...editableUnits(n.children)]);
}

/** The unit of that id anywhere in the tree. */
function findUnit(nodes: UnitNode[], id: string): UnitNode | undefined {
  for (const n of nodes) {
    const hit = n.id === id ? n : findUnit(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}
