import { useEffect, useMemo, useState, type Key } from 'react';
import { Button, Card, Flex, Input, Popconfirm, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError, errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages, useT } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { useMe } from '../../../web/session.tsx';
import { orgMessages } from './org.messages.ts';
import { orgApi, type Unit, type UnitNode } from './org.api.ts';
import { orgKeys, orgQueries } from './org.queries.ts';
import { UnitForm } from './UnitForm.tsx';
import { useRegions, useUnitDirectory } from './useOrgData.ts';

type Row = Omit<UnitNode, 'children'> & { children?: Row[] };

// antd draws an expand icon for any `children` array, so leaves drop theirs.
function toRows(nodes: UnitNode[]): Row[] {
  return nodes.map(({ children, ...unit }) => (children.length ? { ...unit, children: toRows(children) } : unit));
}

function allIds(rows: Row[]): string[] {
  return rows.flatMap((r) => [r.id, ...allIds(r.children ?? [])]);
}

/** The unit directory as a tree with search; create, edit and delete where the server says the user may. */
export default function UnitsPage() {
  const t = useMessages(orgMessages);
  const tc = useT();
  const feedback = useFeedback();
  const isPhone = useIsPhone();
  const me = useMe();
  const [query, setQuery] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const list = useQuery({ ...orgQueries.units({ q: query || undefined, includeInactive }), placeholderData: keepPreviousData });
  const directory = useUnitDirectory();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const [editing, setEditing] = useState<{ unit: Unit | null; parentId?: string | null } | null>(null);
  const [expanded, setExpanded] = useState<readonly Key[]>([]);

  const rows = useMemo(() => toRows(list.data?.tree ?? []), [list.data]);
  useEffect(() => {
    // Searching shows every hit; browsing opens the top level.
    setExpanded(query ? allIds(rows) : rows.map((r) => r.id));
  }, [rows, query]);

  // A unit's change shows in every list of units and in people's and accounts' unit names.
  const reloadAll = () => queryClient.invalidateQueries({ queryKey: orgKeys.all });
  const canCreate = list.data?.canCreate ?? false;

  const remove = async (unit: Unit) => {
    try {
      await orgApi.deleteUnit(unit.id);
      void feedback.message.success(tc('common.deleted'));
      await reloadAll();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) feedback.modal.warning({ title: unit.name, content: errorText(error), okText: tc('common.ok') });
      else feedback.error(error);
    }
  };

  const aliasTags = (aliases: string[]) => (
    <Flex gap={4} wrap>
      {aliases.map((a) => (
        <Tag key={a} style={{ marginInlineEnd: 0 }}>
          {a}
        </Tag>
      ))}
    </Flex>
  );

  // Viewers get no actions column at all rather than an empty one.
  const hasActions = canCreate || (list.data?.units ?? []).some((u) => u.abilities.includes('update') || u.abilities.includes('delete'));
  const actionsColumn: TableColumnsType<Row>[number] = {
    title: tc('common.actions'),
    key: 'actions',
    width: isPhone ? 96 : 150,
    render: (_, unit) => (
      <Space size={0} wrap>
        {unit.abilities.includes('update') ? (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ unit })} data-testid={`unit-edit-${unit.id}`}>
            {tc('common.edit')}
          </Button>
        ) : null}
        {canCreate ? (
          <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null, parentId: unit.id })} aria-label={t('units.createChild')} title={t('units.createChild')} />
        ) : null}
        {unit.abilities.includes('delete') ? (
          <Popconfirm
            title={tc('common.confirmDelete', { name: unit.name })}
            description={<div style={{ maxWidth: 260 }}>{t('units.deleteHint')}</div>}
            okText={tc('common.delete')}
            cancelText={tc('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(unit)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={tc('common.delete')} title={tc('common.delete')} />
          </Popconfirm>
        ) : null}
      </Space>
    ),
  };

  const columns: TableColumnsType<Row> = [
    {
      title: t('unit.name'),
      dataIndex: 'name',
      // On a phone the name column takes what the actions leave and long names wrap.
      width: isPhone ? 240 : undefined,
      render: (name: string, unit) => (
        <Flex vertical gap={2} style={isPhone ? { whiteSpace: 'normal', wordBreak: 'break-all' } : undefined}>
          <Space size={4} wrap>
            <span>{name}</span>
            {unit.active ? null : <Tag>{tc('common.inactive')}</Tag>}
          </Space>
          {/* A phone shows one column: the short name, kind and aliases go under the name. */}
          {isPhone ? (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[unit.short_name, t(`kind.${unit.kind}`)].filter(Boolean).join(' · ')}
              </Typography.Text>
              {unit.aliases.length ? aliasTags(unit.aliases) : null}
            </>
          ) : null}
        </Flex>
      ),
    },
    ...(isPhone
      ? []
      : ([
          { title: t('unit.shortName'), dataIndex: 'short_name', width: 170, render: (v: string | null) => v ?? '' },
          { title: t('unit.aliases'), dataIndex: 'aliases', width: 200, render: aliasTags },
          { title: t('unit.kind'), dataIndex: 'kind', width: 110, render: (k: Unit['kind']) => t(`kind.${k}`) },
          { title: t('unit.region'), dataIndex: 'region_code', width: 100, render: (code: string) => regions.byCode.get(code)?.name ?? code },
        ] satisfies TableColumnsType<Row>)),
    ...(hasActions ? [actionsColumn] : []),
  ];

  return (
    <>
      <PageHeader
        title={t('nav.units')}
        extra={
          canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null, parentId: null })}>
              {t('units.create')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('units.searchPlaceholder')}
            onSearch={(value) => setQuery(value.trim())}
            style={{ width: isPhone ? '100%' : 360 }}
            enterButton
            data-testid="unit-search"
          />
          <Space>
            <Switch size="small" checked={includeInactive} onChange={setIncludeInactive} />
            <Typography.Text>{t('units.showInactive')}</Typography.Text>
          </Space>
          <Typography.Text type="secondary">{t('units.count', { count: list.data?.units.length ?? 0 })}</Typography.Text>
        </Flex>
        {list.error ? <Typography.Text type="danger">{errorText(list.error)}</Typography.Text> : null}
        <Table<Row>
          rowKey="id"
          size={isPhone ? 'small' : 'middle'}
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          pagination={false}
          // A phone scrolls the table sideways; a desktop wraps long names instead.
          scroll={isPhone ? { x: 'max-content' } : undefined}
          sticky
          expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: setExpanded, indentSize: isPhone ? 10 : 16 }}
          locale={{ emptyText: t('units.empty') }}
          data-testid="unit-table"
        />
      </Card>
      <UnitForm
        open={editing !== null}
        unit={editing?.unit ?? null}
        parentId={editing?.parentId}
        canMove={canCreate}
        tree={directory.tree}
        regionOptions={regions.options}
        defaultRegion={directory.byId.get(editing?.parentId ?? me.unit_id ?? '')?.region_code ?? regions.regions[0]?.code}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void reloadAll();
        }}
      />
    </>
  );
}
