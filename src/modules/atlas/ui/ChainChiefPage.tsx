import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Spin, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { useBusyAction, useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { PlanChoice } from '../../../web/components/PlanChoice.tsx';
import { CHIEF_LIST_KEYS, type ChiefList } from '../atlas.chiefs.domain.ts';
import { atlasMessages } from './atlas.messages.ts';
import { chiefApi, type ChiefItem, type ChiefItemBody, type ChiefRecord } from './chiefs.api.ts';
import { chiefMessages } from './chiefs.messages.ts';
import { RegionPicker } from './RegionPicker.tsx';

type T = ReturnType<typeof useMessages<typeof chiefMessages>>;
const bi = (locale: string, b: { zh: string; en: string } | null | undefined) => (b ? (locale === 'en-US' ? b.en : b.zh) : '');

/** The fields each list's form asks for, in order (the server checks them and names any that is wrong). */
const FIELDS: Record<ChiefList, (keyof ChiefItemBody)[]> = {
  leading: ['name', 'uscc', 'role', 'segmentKey', 'note', 'asOf'],
  project: ['name', 'amount', 'stage', 'status', 'uscc', 'segmentKey', 'note', 'asOf'],
  gap: ['name', 'segmentKey', 'status', 'note', 'asOf'],
  technology: ['name', 'segmentKey', 'role', 'uscc', 'chokepointId', 'status', 'note', 'asOf'],
  policy: ['name', 'issuer', 'docNumber', 'issuedOn', 'link', 'status', 'note', 'asOf'],
};

function fieldLabel(t: T, list: ChiefList, f: keyof ChiefItemBody): string {
  if (f === 'name') return t(`item.name.${list}`);
  if (f === 'uscc') return list === 'project' ? t('item.partner') : list === 'technology' ? t('item.leadUscc') : t('item.uscc');
  if (f === 'role') return list === 'technology' ? t('item.lead') : t('item.role');
  const names: Partial<Record<keyof ChiefItemBody, Parameters<T>[0]>> = {
    segmentKey: 'item.segment',
    amount: 'item.amount',
    stage: 'item.stage',
    status: 'item.status',
    chokepointId: 'item.chokepoint',
    issuer: 'item.issuer',
    docNumber: 'item.docNumber',
    issuedOn: 'item.issuedOn',
    link: 'item.link',
    note: 'item.note',
    asOf: 'item.asOf',
  };
  return t(names[f]!);
}

/** The form of one list's item (new, or `item` to change). */
function ItemModal({ record, list, item, onClose, onSaved }: { record: ChiefRecord; list: ChiefList; item: ChiefItem | null; onClose: () => void; onSaved: (r: ChiefRecord) => void }) {
  const t = useMessages(chiefMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    form.resetFields();
    if (item) form.setFieldsValue({ ...item });
  }, [item, form]);
  const save = async () => {
    // An invalid form: antd shows each field's message; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: Record<string, unknown> = { list };
    for (const f of FIELDS[list]) {
      const value = v[f];
      body[f] = value === undefined || value === '' ? null : typeof value === 'string' ? value.trim() : value;
    }
    setSaving(true);
    try {
      const saved = item ? await chiefApi.changeItem(record.chain.id, record.regionCode, item.id, { ...body, list: undefined } as never) : await chiefApi.addItem(record.chain.id, record.regionCode, body as ChiefItemBody);
      void feedback.message.success(t('chief.saved'));
      onSaved(saved);
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };
  const segmentOptions = record.segments.map((s) => ({ value: s.key, label: s.name }));
  const statuses = Object.entries(record.statuses[list] ?? {}).map(([value, name]) => ({ value, label: bi(locale, name) }));
  const input = (f: keyof ChiefItemBody) => {
    switch (f) {
      case 'segmentKey':
        return <Select allowClear showSearch optionFilterProp="label" options={segmentOptions} />;
      case 'amount':
        return <InputNumber min={0} style={{ width: '100%' }} />;
      case 'stage':
        return <Select options={Object.entries(record.stages).map(([value, name]) => ({ value, label: bi(locale, name) }))} />;
      case 'status':
        return <Select options={statuses} />;
      case 'chokepointId':
        return <Select allowClear options={record.chokepoints.map((c) => ({ value: c.id, label: c.label }))} />;
      case 'issuedOn':
      case 'asOf':
        // Dates as written (YYYY-MM-DD); the server says which one it cannot read. An empty as-of date is today.
        return <Input placeholder="YYYY-MM-DD" />;
      case 'note':
        return <Input.TextArea rows={2} />;
      default:
        return <Input />;
    }
  };
  return (
    <Modal open title={`${t(`list.${list}`)} · ${item ? t('chief.edit') : t('chief.add')}`} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="chief-item-form" initialValues={{ stage: list === 'project' ? 'planning' : undefined }}>
        {FIELDS[list].map((f) => (
          <Form.Item key={f} name={f} label={fieldLabel(t, list, f)} rules={f === 'name' ? [{ required: true }] : undefined}>
            {input(f)}
          </Form.Item>
        ))}
        {list === 'gap' && record.gapSegments.length ? <Typography.Text type="secondary">{t('item.suggest', { list: record.gapSegments.map((g) => g.name).join('、') })}</Typography.Text> : null}
      </Form>
    </Modal>
  );
}

interface HeadValues {
  chiefPersonId?: string;
  chiefName?: string;
  chiefTitle?: string;
  deputies?: { personId?: string; name?: string; title?: string }[];
  officeName?: string;
  officeContact?: string;
  workingGroup?: { unit: string; person?: string; role?: string }[];
  note?: string;
}

/** The form of the head: 链长 and 副链长 (from the people directory or by name), 链长办 and the working group. */
function HeadModal({ record, onClose, onSaved }: { record: ChiefRecord; onClose: () => void; onSaved: (r: ChiefRecord) => void }) {
  const t = useMessages(chiefMessages);
  const feedback = useFeedback();
  const [form] = Form.useForm<HeadValues>();
  const [saving, setSaving] = useState(false);
  const people = useQuery({ queryKey: ['org', 'people'], queryFn: chiefApi.people });
  const personOptions = (people.data ?? []).map((p) => ({ value: p.id, label: `${p.name}${p.title ? `（${p.title}）` : ''}` }));
  useEffect(() => {
    form.setFieldsValue({
      chiefPersonId: record.chief?.personId ?? undefined,
      chiefName: record.chief?.name,
      chiefTitle: record.chief?.title ?? undefined,
      deputies: record.deputies.map((d) => ({ personId: d.personId ?? undefined, name: d.name, title: d.title ?? undefined })),
      officeName: record.officeName ?? undefined,
      officeContact: record.officeContact ?? undefined,
      workingGroup: record.workingGroup.map((m) => ({ unit: m.unit, person: m.person ?? undefined, role: m.role ?? undefined })),
      note: record.note ?? undefined,
    });
  }, [record, form]);
  const save = async () => {
    // An invalid form: antd shows each field's message; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const hasChief = v.chiefPersonId || v.chiefName?.trim();
    setSaving(true);
    try {
      const saved = await chiefApi.updateHead(record.chain.id, record.regionCode, {
        chief: hasChief ? { personId: v.chiefPersonId ?? null, name: v.chiefName || null, title: v.chiefTitle || null } : null,
        deputies: (v.deputies ?? []).map((d) => ({ personId: d.personId ?? null, name: d.name || null, title: d.title || null })),
        officeName: v.officeName || null,
        officeContact: v.officeContact || null,
        workingGroup: (v.workingGroup ?? []).map((m) => ({ unit: m.unit ?? '', person: m.person || null, role: m.role || null })),
        note: v.note || null,
      });
      void feedback.message.success(t('chief.saved'));
      onSaved(saved);
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };
  // Choosing someone from the directory fills in their name and title (the title can then be edited, e.g. to say 链长).
  const fillFromDirectory = (changed: HeadValues) => {
    const of = (id: string | undefined) => people.data?.find((p) => p.id === id);
    const chief = 'chiefPersonId' in changed ? of(changed.chiefPersonId) : undefined;
    if (chief) form.setFieldsValue({ chiefName: chief.name, chiefTitle: chief.title ?? undefined });
    // Only a row whose person was just chosen (a removed row reports the whole list; its names stay as typed).
    if (changed.deputies?.filter(Boolean).length === 1) {
      const i = changed.deputies.findIndex(Boolean);
      const p = 'personId' in changed.deputies[i]! ? of(changed.deputies[i]!.personId) : undefined;
      if (p) {
        form.setFieldValue(['deputies', i, 'name'], p.name);
        form.setFieldValue(['deputies', i, 'title'], p.title ?? undefined);
      }
    }
  };
  const personSelect = <Select allowClear showSearch optionFilterProp="label" options={personOptions} loading={people.isLoading} placeholder={t('chief.person')} style={{ minWidth: 220 }} />;
  return (
    <Modal open width={760} title={t('chief.editHead')} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="chief-head-form" onValuesChange={fillFromDirectory}>
        <Form.Item label={t('chief.chief')}>
          <Space wrap>
            <Form.Item name="chiefPersonId" noStyle>
              {personSelect}
            </Form.Item>
            <Form.Item name="chiefName" noStyle>
              <Input placeholder={t('chief.name')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="chiefTitle" noStyle>
              <Input placeholder={t('chief.personTitle')} style={{ width: 200 }} />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item label={t('chief.deputies')}>
          <Form.List name="deputies">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap style={{ marginBottom: 8 }}>
                    <Form.Item name={[f.name, 'personId']} noStyle>
                      {personSelect}
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} noStyle>
                      <Input placeholder={t('chief.name')} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'title']} noStyle>
                      <Input placeholder={t('chief.personTitle')} style={{ width: 200 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('chief.delete')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('chief.addDeputy')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Space wrap>
          <Form.Item name="officeName" label={t('chief.officeName')}>
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="officeContact" label={t('chief.contact')}>
            <Input style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Form.Item label={t('chief.workingGroup')}>
          <Form.List name="workingGroup">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap style={{ marginBottom: 8 }}>
                    <Form.Item name={[f.name, 'unit']} noStyle rules={[{ required: true }]}>
                      <Input placeholder={t('chief.wgUnit')} style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'person']} noStyle>
                      <Input placeholder={t('chief.wgPerson')} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'role']} noStyle>
                      <Input placeholder={t('chief.wgRole')} style={{ width: 220 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('chief.delete')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('chief.addMember')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="note" label={t('chief.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Where a key project stands in the ledger: its tracking project's stage (from the tracking module), or its task alone. */
function Tracking({ t, locale, item }: { t: T; locale: string; item: ChiefItem }) {
  const k = item.tracking;
  if (!k)
    return (
      <Typography.Text type="secondary" data-testid="chief-tracking">
        {t('track.none')}
      </Typography.Text>
    );
  const text = k.stageName ? t('track.stage', { stage: bi(locale, k.stageName), date: k.stageOn ?? '' }) : t('track.taskOnly');
  return (
    <span data-testid="chief-tracking">
      {k.planId ? <Link to={`/plans/${k.planId}`}>{text}</Link> : text}
    </span>
  );
}

/** The dialog that follows the chosen key projects in the ledger: a plan to hold their tasks, and what it does. */
function TrackModal({ record, itemIds, onClose, onDone }: { record: ChiefRecord; itemIds: string[]; onClose: () => void; onDone: (r: ChiefRecord) => void }) {
  const t = useMessages(chiefMessages);
  const feedback = useFeedback();
  const [planId, setPlanId] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      const done = await chiefApi.track(record.chain.id, record.regionCode, planId ?? '', itemIds);
      const n = (m: string[]) => done.outcomes.filter((o) => m.includes(o.made)).length;
      void feedback.message.success(t('track.done', { tasks: n(['task', 'project']), projects: n(['project', 'projectOnly']), already: n(['already']) }));
      onDone(done.record);
    } catch (error) {
      feedback.error(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('track.title')} onCancel={onClose} onOk={() => void save()} okButtonProps={{ disabled: !planId }} confirmLoading={saving} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }} data-testid="chief-track-form">
        <Typography.Text>{t('track.selected', { n: itemIds.length })}</Typography.Text>
        <Typography.Text type="secondary">{t('track.explain')}</Typography.Text>
        <Typography.Text strong>{t('track.plan')}</Typography.Text>
        <PlanChoice aria-label={t('track.plan')} value={planId} onChange={setPlanId} />
      </Space>
    </Modal>
  );
}

/** The columns of one list's table. */
function listColumns(t: T, locale: string, list: ChiefList): TableColumnsType<ChiefItem> {
  const name = { title: t(`item.name.${list}`), dataIndex: 'name', render: (v: string, i: ChiefItem) => (i.link ? <a href={i.link} target="_blank" rel="noreferrer">{v}</a> : v) };
  const segment = {
    title: t('item.segment'),
    dataIndex: 'segmentName',
    render: (v: string | null, i: ChiefItem) => (
      <Space size={4}>
        {v ?? i.segmentKey ?? ''}
        {i.isGap ? <Tag color="red">{t('item.isGap')}</Tag> : null}
      </Space>
    ),
  };
  const status = { title: t('item.status'), dataIndex: 'statusName', render: (v: ChiefItem['statusName']) => bi(locale, v) };
  const uscc = (title: string) => ({ title, dataIndex: 'uscc', render: (v: string | null, i: ChiefItem) => (v ? <Space direction="vertical" size={0}><span>{v}</span>{i.enterpriseName && i.enterpriseName !== i.name ? <Typography.Text type="secondary">{t('item.inDirectory', { name: i.enterpriseName })}</Typography.Text> : null}</Space> : '') });
  const asOf = { title: t('item.asOf'), dataIndex: 'asOf', width: 110 };
  switch (list) {
    case 'leading':
      return [name, uscc(t('item.uscc')), { title: t('item.role'), dataIndex: 'role' }, segment, asOf];
    case 'project':
      return [name, { title: t('item.amount'), dataIndex: 'amount', align: 'right' }, { title: t('item.stage'), dataIndex: 'stageName', render: (v: ChiefItem['stageName']) => bi(locale, v) }, status, segment, uscc(t('item.partner')), asOf, { title: t('track.column'), key: 'tracking', render: (_: unknown, i: ChiefItem) => <Tracking t={t} locale={locale} item={i} /> }];
    case 'gap':
      return [name, segment, status, { title: t('item.note'), dataIndex: 'note' }, asOf];
    case 'technology':
      return [name, segment, { title: t('item.lead'), dataIndex: 'role' }, { title: t('item.chokepoint'), dataIndex: 'chokepoint' }, status, asOf];
    case 'policy':
      return [name, { title: t('item.issuer'), dataIndex: 'issuer' }, { title: t('item.docNumber'), dataIndex: 'docNumber' }, { title: t('item.issuedOn'), dataIndex: 'issuedOn' }, status, asOf];
  }
}

/**
 * The chain-chief page (链长制) of a chain for a region: 链长, 副链长, 链长办 and the working group; the lists the chain
 * office keeps (链主企业, 重点项目, 补链, 攻关, 政策), each a table its keepers add to, edit and delete from; the export
 * to the workbook the offices file (图谱、清单、台账).
 */
export default function ChainChiefPage() {
  const { id = '' } = useParams();
  const t = useMessages(chiefMessages);
  const at = useMessages(atlasMessages);
  const locale = useLocale();
  const client = useQueryClient();
  const feedback = useFeedback();
  const [region, setRegion] = useState<string | undefined>();
  const [editing, setEditing] = useState<{ list: ChiefList; item: ChiefItem | null } | null>(null);
  const [editHead, setEditHead] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [tracking, setTracking] = useState(false);
  const [exporting, run] = useBusyAction();
  const key = ['atlas', 'chief', id, region ?? ''];
  const record = useQuery({ queryKey: key, queryFn: () => chiefApi.record(id, region) });
  if (record.error) return <Alert type="error" message={errorText(record.error)} />;
  if (!record.data) return <Spin />;
  const r = record.data;
  const saved = (next: ChiefRecord) => {
    client.setQueryData(key, next);
    setEditing(null);
    setEditHead(false);
    setTracking(false);
    setChosen([]);
  };
  const remove = async (item: ChiefItem) => {
    try {
      saved(await chiefApi.deleteItem(r.chain.id, r.regionCode, item.id));
      void feedback.message.success(t('chief.deleted'));
    } catch (error) {
      feedback.error(error);
    }
  };
  const person = (p: ChiefRecord['chief']) => (p ? `${p.name}${p.title ? `（${p.title}）` : ''}` : t('chief.none'));
  const actions: TableColumnsType<ChiefItem> = r.canEdit
    ? [
        {
          title: t('chief.actions'),
          key: 'actions',
          width: 130,
          render: (_: unknown, item: ChiefItem) => (
            <Space>
              <Button size="small" onClick={() => setEditing({ list: item.list, item })}>
                {t('chief.edit')}
              </Button>
              <Popconfirm title={t('chief.deleteConfirm', { name: item.name })} onConfirm={() => void remove(item)}>
                <Button size="small" danger>
                  {t('chief.delete')}
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      ]
    : [];
  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/atlas">{at('nav.atlas')}</Link>/<Link to={`/atlas/chains/${r.chain.id}`}>{r.chain.name}</Link>/<span>{t('nav.chief')}</span>
          </Space>
        }
        extra={
          <Space wrap>
            <Select
              aria-label={t('chief.region')}
              value={r.regionCode}
              style={{ minWidth: 140 }}
              options={[...r.regions, ...(r.regions.some((x) => x.code === r.regionCode) ? [] : [{ code: r.regionCode, name: r.regionName }])].map((x) => ({ value: x.code, label: x.name }))}
              onChange={setRegion}
            />
            <RegionPicker value={undefined} onChange={(v) => v && setRegion(v)} placeholder={t('chief.otherRegion')} />
            <Button icon={<DownloadOutlined />} loading={exporting} data-testid="chief-export" onClick={() => void run(() => chiefApi.exportFile(r.chain.id, r.regionCode, `${r.chain.key}-${r.regionCode}-${t('chief.fileName')}.xlsx`))}>
              {t('chief.export')}
            </Button>
          </Space>
        }
      />
      {r.canEdit ? null : <Alert type="info" showIcon message={t('chief.readOnly')} style={{ marginBottom: 12 }} />}
      <Card
        title={`${r.regionName} · ${t('chief.head')}`}
        extra={
          r.canEdit ? (
            <Button onClick={() => setEditHead(true)} data-testid="chief-edit-head">
              {t('chief.editHead')}
            </Button>
          ) : null
        }
        style={{ marginBottom: 16 }}
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('chief.chief')}>{person(r.chief)}</Descriptions.Item>
          <Descriptions.Item label={t('chief.deputies')}>{r.deputies.length ? r.deputies.map(person).join('、') : t('chief.none')}</Descriptions.Item>
          <Descriptions.Item label={t('chief.office')}>{r.officeName ?? t('chief.none')}</Descriptions.Item>
          <Descriptions.Item label={t('chief.contact')}>{r.officeContact ?? ''}</Descriptions.Item>
          {r.note ? <Descriptions.Item label={t('chief.note')}>{r.note}</Descriptions.Item> : null}
          {r.updatedAt ? <Descriptions.Item label={t('item.updated')}>{t('chief.updated', { date: r.updatedAt.slice(0, 10), who: r.updatedBy ?? '' })}</Descriptions.Item> : null}
        </Descriptions>
        <Typography.Title level={5}>{t('chief.workingGroup')}</Typography.Title>
        <Table
          size="small"
          rowKey={(m) => `${m.unit}/${m.person ?? ''}/${m.role ?? ''}`}
          pagination={false}
          dataSource={r.workingGroup}
          columns={[
            { title: t('chief.wgUnit'), dataIndex: 'unit' },
            { title: t('chief.wgPerson'), dataIndex: 'person' },
            { title: t('chief.wgRole'), dataIndex: 'role' },
          ]}
        />
      </Card>
      <Card>
        <Tabs
          items={CHIEF_LIST_KEYS.map((list) => {
            const rows = r.items.filter((i) => i.list === list);
            return {
              key: list,
              label: `${t(`list.${list}`)} (${rows.length})`,
              children: (
                <>
                  {r.canEdit ? (
                    <Space style={{ marginBottom: 8 }}>
                      <Button icon={<PlusOutlined />} onClick={() => setEditing({ list, item: null })} data-testid={`chief-add-${list}`}>
                        {t('chief.add')}
                      </Button>
                      {list === 'project' ? (
                        <Button onClick={() => (chosen.length ? setTracking(true) : void feedback.message.warning(t('track.choose')))} data-testid="chief-track">
                          {t('track.open')}
                        </Button>
                      ) : null}
                    </Space>
                  ) : null}
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={rows}
                    columns={[...listColumns(t, locale, list), ...actions]}
                    data-testid={`chief-list-${list}`}
                    rowSelection={list === 'project' && r.canEdit ? { selectedRowKeys: chosen, onChange: (keys) => setChosen(keys.map(String)) } : undefined}
                  />
                </>
              ),
            };
          })}
        />
      </Card>
      {editing ? <ItemModal record={r} list={editing.list} item={editing.item} onClose={() => setEditing(null)} onSaved={saved} /> : null}
      {tracking ? <TrackModal record={r} itemIds={chosen} onClose={() => setTracking(false)} onDone={saved} /> : null}
      {editHead ? <HeadModal record={r} onClose={() => setEditHead(false)} onSaved={saved} /> : null}
    </>
  );
}
