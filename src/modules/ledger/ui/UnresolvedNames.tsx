import { useState } from 'react';
import { Button, Checkbox, Flex, Select, Tag, TreeSelect, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { unitTreeOptions, type Person, type UnitNode } from '../../org/ui/index.ts';
import { taskMessages } from './tasks.messages.ts';
import { plansApi, type UnresolvedNames as Unresolved } from './plans.api.ts';

/**
 * The names written in a plan's tasks that match no unit or leader yet: each is matched once for the whole plan
 * (suggestions first), optionally remembered as the unit's alias so later imports match it by themselves.
 */
export function UnresolvedNames(props: { planId: string; names: Unresolved; canResolve: boolean; unitTree: UnitNode[]; leaders: Person[]; onResolved: () => void }) {
  const { planId, names, canResolve, unitTree, leaders, onResolved } = props;
  const t = useMessages(taskMessages);
  if (!names.units.length && !names.leaders.length) return <Typography.Text type="secondary">{t('unresolved.none')}</Typography.Text>;
  return (
    <Flex vertical gap={12} data-testid="unresolved-names">
      {!canResolve ? <Typography.Text type="secondary">{t('unresolved.readOnly')}</Typography.Text> : null}
      {names.units.length ? (
        <Flex vertical gap={8}>
          <Typography.Text strong>{t('unresolved.units')}</Typography.Text>
          {names.units.map((u) => (
            <NameRow key={u.rawName} planId={planId} kind="unit" rawName={u.rawName} count={u.count} canResolve={canResolve} onResolved={onResolved}
              suggestions={u.suggestions.map((s) => ({ id: s.unitId, name: s.name }))} unitTree={unitTree} leaders={leaders} />
          ))}
        </Flex>
      ) : null}
      {names.leaders.length ? (
        <Flex vertical gap={8}>
          <Typography.Text strong>{t('unresolved.leaders')}</Typography.Text>
          {names.leaders.map((l) => (
            <NameRow key={l.rawName} planId={planId} kind="leader" rawName={l.rawName} count={l.count} canResolve={canResolve} onResolved={onResolved}
              suggestions={l.suggestions.map((s) => ({ id: s.personId, name: s.name }))} unitTree={unitTree} leaders={leaders} />
          ))}
        </Flex>
      ) : null}
    </Flex>
  );
}

function NameRow(props: {
  planId: string;
  kind: 'unit' | 'leader';
  rawName: string;
  count: number;
  suggestions: { id: string; name: string }[];
  canResolve: boolean;
  unitTree: UnitNode[];
  leaders: Person[];
  onResolved: () => void;
}) {
  const { planId, kind, rawName, count, suggestions, canResolve, unitTree, leaders, onResolved } = props;
  const t = useMessages(taskMessages);
  const feedback = useFeedback();
  const isPhone = useIsPhone();
  const [target, setTarget] = useState<string | undefined>(suggestions[0]?.id);
  // A resolution is remembered as the unit's alias only when the person asks for it.
  const [remember, setRemember] = useState(false);
  const [saving, setSaving] = useState(false);

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
        </>
      ) : null}
    </Flex>
  );
}

/** The unit of that id anywhere in the tree. */
function findUnit(nodes: UnitNode[], id: string): UnitNode | undefined {
  for (const n of nodes) {
    const hit = n.id === id ? n : findUnit(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}
