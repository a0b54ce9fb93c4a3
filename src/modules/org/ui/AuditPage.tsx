import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Card, DatePicker, Flex, Input, Select, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { translate, useLocale, useMessages, useT, type Locale } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { formatDateTime } from '../../../web/format.ts';
import { useQuery } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { useMe } from '../../../web/session.tsx';
import { orgMessages } from './org.messages.ts';
import { orgApi, type AuditEntry, type AuditFilters, type Role, type Unit } from './org.api.ts';
import type { AuditLabels } from '../../../server/module.ts';
import { orgQueries } from './org.queries.ts';
import { diffFields, formatValue, type FieldChange } from './audit.diff.ts';
import { unitLabel, useRegions, useUnitDirectory } from './useOrgData.ts';
import './audit.css';

const PAGE = 50;
const UNIT_ID_FIELDS = new Set(['parent_id', 'unit_id']);
const TIME_FIELDS = new Set(['updated_at', 'created_at', 'at']);
// The order a person reads a unit, person or account in.
const FIELD_ORDER = ['name', 'display_name', 'username', 'short_name', 'aliases', 'title', 'kind', 'parent_id', 'unit_id', 'is_leader', 'portfolio_unit_ids', 'region_code', 'phone', 'email', 'locale', 'roles', 'sort_order', 'active'];

type T = ReturnType<typeof useMessages<typeof orgMessages>>;

/** The dictionary entry for a code when there is one (`kind.bureau`), else the code itself. */
function labelOf(t: T, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in orgMessages ? t(key as keyof typeof orgMessages) : code;
}

/** The name of an audit entity or action as its module declares it (GET /api/audit/labels), else the code itself. */
function auditName(labels: AuditLabels | undefined, kind: keyof AuditLabels, code: string, locale: Locale): string {
  const label = labels?.[kind][code];
  return label ? translate([label.zh, label.en], undefined, locale) : code;
}

function isRoleList(value: unknown): value is { role: Role; unitId: string | null }[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'object' && v !== null && 'role' in v);
}

/** The before/after of one entry as a field-by-field table, changed fields highlighted. */
function AuditDiff({ entry, unitsById, regionName }: { entry: AuditEntry; unitsById: Map<string, Unit>; regionName: (code: string) => string | undefined }) {
  const t = useMessages(orgMessages);
  const tc = useT();
  const locale = useLocale();
  const rows = useMemo(() => diffFields(entry.before, entry.after, FIELD_ORDER), [entry]);
  const changedCount = rows.filter((r) => r.changed).length;
  const [changedOnly, setChangedOnly] = useState(false);
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;

  const show = (field: string, value: unknown): string => {
    if (value === undefined || value === null) return formatValue(value);
    if (UNIT_ID_FIELDS.has(field) && typeof value === 'string') return unitLabel(unitsById.get(value)) || value;
    if (field === 'portfolio_unit_ids' && Array.isArray(value)) return formatValue(value.map((id) => unitLabel(unitsById.get(String(id))) || id));
    if (TIME_FIELDS.has(field) && typeof value === 'string') return formatDateTime(value, locale);
    if (field === 'region_code' && typeof value === 'string') return regionName(value) ?? value;
    if (field === 'kind' && typeof value === 'string') return labelOf(t, 'kind', value);
    if (isRoleList(value)) return value.map((r) => `${labelOf(t, 'role', r.role)}${r.unitId ? ` · ${unitLabel(unitsById.get(r.unitId))}` : ''}`).join('、');
    return formatValue(value, [tc('common.yes'), tc('common.no')]);
  };
  const fieldName = (field: string) => {
    if (field === '') return entry.action === 'set_roles' ? t('field.roles') : '—';
    // A field's name can depend on the entity (a plan's title is 标题, a person's is 职务).
    const own = `field.${entry.entity}.${field}`;
    return own in orgMessages ? t(own as keyof typeof orgMessages) : labelOf(t, 'field', field);
  };

  const columns: TableColumnsType<FieldChange> = [
    {
      title: t('audit.field'),
      dataIndex: 'field',
      width: 140,
      render: (field: string, r) => (
        <Typography.Text strong={r.changed} title={field}>
          {fieldName(field)}
        </Typography.Text>
      ),
    },
    {
      title: t('audit.before'),
      dataIndex: 'before',
      render: (v: unknown, r) => (r.changed && v !== undefined ? <Typography.Text delete type="danger">{show(r.field, v)}</Typography.Text> : show(r.field, v)),
    },
    {
      title: t('audit.after'),
      dataIndex: 'after',
      render: (v: unknown, r) => (r.changed && v !== undefined ? <Typography.Text type="success" strong>{show(r.field, v)}</Typography.Text> : show(r.field, v)),
    },
  ];

  return (
    <Flex vertical gap={8} data-testid={`audit-diff-${entry.id}`}>
      <Flex gap={12} align="center" wrap>
        <Typography.Text type="secondary">{t('audit.changedCount', { count: changedCount })}</Typography.Text>
        <Switch size="small" checked={changedOnly} onChange={setChangedOnly} />
        <Typography.Text>{t('audit.changedOnly')}</Typography.Text>
      </Flex>
      <Table<FieldChange>
        rowKey={(r) => r.field || '(value)'}
        size="small"
        columns={columns}
        dataSource={changedOnly ? rows.filter((r) => r.changed) : rows}
        pagination={false}
        rowClassName={(r) => (r.changed ? 'luoshi-diff-changed' : '')}
        scroll={{ x: 'max-content' }}
        tableLayout="fixed"
      />
    </Flex>
  );
}

/** The audit log (supervisors and administrators): filters, newest first, "load more" by keyset, each entry's diff. */
export default function AuditPage() {
  const t = useMessages(orgMessages);
  const tc = useT();
  const locale = useLocale();
  const me = useMe();
  const feedback = useFeedback();
  const isPhone = useIsPhone();
  const directory = useUnitDirectory();
  const regions = useRegions();
  // Administrators may list accounts; others pick among the actors already seen in the log.
  const users = useQuery({ ...orgQueries.users(), enabled: me.can.manageUsers === true });
  const labels = useQuery(orgQueries.auditLabels()).data;
  const [filters, setFilters] = useState<AuditFilters>({});
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ticket = useRef(0);

  const load = useCallback(
    async (append: boolean, before?: number) => {
      const mine = ++ticket.current;
      setLoading(true);
      try {
        const page = await orgApi.audit(filters, before, PAGE);
        if (mine !== ticket.current) return;
        setRows((prev) => (append ? [...prev, ...page] : page));
        setHasMore(page.length === PAGE);
        setError(null);
      } catch (e) {
        if (mine === ticket.current) {
          setError(e);
          feedback.error(e);
        }
      } finally {
        if (mine === ticket.current) setLoading(false);
      }
    },
    [filters, feedback],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  const actorOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const u of users.data ?? []) seen.set(u.id, `${u.display_name} (${u.username})`);
    for (const r of rows) if (r.actor_user_id && !seen.has(r.actor_user_id)) seen.set(r.actor_user_id, r.actor_name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [users.data, rows]);

  // Every module names its own entities and actions (its manifest); offer those, and any code seen so far too.
  const seen = (pick: (r: AuditEntry) => string, known: Record<string, unknown> = {}) => [...new Set([...Object.keys(known), ...rows.map(pick)])];
  const entityOptions = seen((r) => r.entity, labels?.entities).map((e) => ({ value: e, label: auditName(labels, 'entities', e, locale) }));
  const actionOptions = seen((r) => r.action, labels?.actions).map((a) => ({ value: a, label: auditName(labels, 'actions', a, locale) }));

  const set = (patch: Partial<AuditFilters>) => setFilters((prev) => ({ ...prev, ...patch }));

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, locale) },
    { title: t('audit.actor'), dataIndex: 'actor_name', width: 140, render: (_: string, r: AuditEntry) => (locale === 'en-US' ? r.actor_name_en : r.actor_name_zh) },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 110,
      render: (a: string) => <Tag color={a === 'delete' ? 'red' : a === 'create' ? 'green' : a === 'update' || a === 'set_roles' ? 'blue' : 'default'}>{auditName(labels, 'actions', a, locale)}</Tag>,
    },
    { title: t('audit.entity'), dataIndex: 'entity', width: 90, render: (e: string) => auditName(labels, 'entities', e, locale) },
    { title: t('audit.summary'), dataIndex: 'summary', render: (_: string, r: AuditEntry) => (locale === 'en-US' ? r.summary_en : r.summary_zh) },
    { title: t('audit.via'), dataIndex: 'via', width: 100, render: (v: string) => labelOf(t, 'via', v) },
  ];

  return (
    <>
      <PageHeader title={t('nav.audit')} />
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={t('audit.entity')}
            style={{ width: isPhone ? '47%' : 140 }}
            value={filters.entity}
            onChange={(entity?: string) => set({ entity })}
            options={entityOptions}
            data-testid="audit-entity"
          />
          <Select
            allowClear
            placeholder={t('audit.action')}
            style={{ width: isPhone ? '47%' : 140 }}
            value={filters.action}
            onChange={(action?: string) => set({ action })}
            options={actionOptions}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('audit.actor')}
            style={{ width: isPhone ? '100%' : 200 }}
            value={filters.actorUserId}
            onChange={(actorUserId?: string) => set({ actorUserId })}
            options={actorOptions}
          />
          <DatePicker.RangePicker
            style={{ width: isPhone ? '100%' : 260 }}
            onChange={(dates) =>
              set({
                from: dates?.[0]?.startOf('day').toISOString(),
                // The server's `to` is exclusive: the day after the last chosen day.
                to: dates?.[1]?.startOf('day').add(1, 'day').toISOString(),
              })
            }
          />
          <Input.Search
            allowClear
            placeholder={t('audit.q')}
            style={{ width: isPhone ? '100%' : 260 }}
            onSearch={(q) => set({ q: q.trim() || undefined })}
            data-testid="audit-search"
          />
        </Flex>
        {error ? <Typography.Text type="danger">{errorText(error)}</Typography.Text> : null}
        <Table<AuditEntry>
          rowKey={(r) => String(r.id)}
          size={isPhone ? 'small' : 'middle'}
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          scroll={isPhone ? { x: 'max-content' } : undefined}
          expandable={{ expandedRowRender: (entry) => <AuditDiff entry={entry} unitsById={directory.byId} regionName={(code) => regions.byCode.get(code)?.name} />, rowExpandable: (r) => r.before !== null || r.after !== null }}
          locale={{ emptyText: t('audit.empty') }}
          data-testid="audit-table"
        />
        <Flex justify="center" align="center" gap={12} style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('audit.shown', { count: rows.length })}</Typography.Text>
          {hasMore ? (
            <Button loading={loading} onClick={() => load(true, Number(rows[rows.length - 1].id))}>
              {tc('common.loadMore')}
            </Button>
          ) : rows.length > 0 ? (
            <Typography.Text type="secondary">{tc('common.noMore')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
    </>
  );
}
