import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { INTERMEDIARY_KINDS, INTERMEDIARY_KIND_KEYS, MEMBER_ROLES, MEMBER_ROLE_KEYS, type IntermediaryKind, type MemberRole } from '../atlas.intermediaries.domain.ts';
import { atlasApi } from './atlas.api.ts';
import { AtlasTabs } from './AtlasTabs.tsx';
import { intermediaryApi, type IntermediarySummary, type Member } from './intermediaries.api.ts';
import { intermediaryMessages } from './intermediaries.messages.ts';
import { IntermediaryFormModal } from './IntermediaryForm.tsx';
import { RegionPicker } from './RegionPicker.tsx';
import { ActionLink } from '../../../web/components/ActionLink.tsx';
import { DateField } from '../../../web/components/DateField.tsx';

/**
 * The intermediaries tab of the atlas (/atlas/intermediaries): associations, alliances, service organisations,
 * platforms and R&D institutes, filtered by kind, chain, region and name; a drawer shows one with its members (the
 * directory's names, wherever registered) and what it serves; the atlas's keepers create, edit, delete, and add,
 * import or remove members.
 */
export default function IntermediariesPage() {
  const t = useMessages(intermediaryMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const me = useMe();
  const client = useQueryClient();
  const [kind, setKind] = useState<IntermediaryKind | undefined>();
  const [chain, setChain] = useState<string | undefined>();
  const [region, setRegion] = useState<string | undefined>();
  const [q, setQ] = useState('');
  // The 堵点 page's 对接渠道 link opens one (?open=id).
  const [params] = useSearchParams();
  const [open, setOpen] = useState<string | null>(params.get('open'));
  const [creating, setCreating] = useState(false);
  const filter = { kind, chain, region, q: q.trim() || undefined };
  const list = useQuery({ queryKey: ['atlas', 'intermediaries', filter], queryFn: () => intermediaryApi.list(filter) });
  const chains = useQuery({ queryKey: ['atlas', 'chains'], queryFn: atlasApi.chains });
  // Creating one is the keepers' (intermediary.write), the same rule as importing into the atlas.
  const canCreate = Boolean(me.can.importAtlas);

  const columns: TableColumnsType<IntermediarySummary> = [
    {
      title: t('im.name'),
      key: 'name',
      render: (_, i) => (
        <ActionLink onClick={() => setOpen(i.id)} data-testid={`intermediary-${i.id}`}>
          {i.name}
        </ActionLink>
      ),
    },
    { title: t('im.kind'), key: 'kind', width: 170, render: (_, i) => <Tag>{bi(i.kindName)}</Tag> },
    { title: t('im.region'), dataIndex: 'regionName', width: 120 },
    { title: t('im.served'), key: 'served', render: (_, i) => [...i.chains.map((c) => c.name), ...i.clusters.map((c) => c.name)].join('、') || '—' },
    { title: t('im.members'), key: 'members', width: 90, render: (_, i) => t('im.memberCount', { n: i.memberCount }) },
    { title: t('im.contact'), dataIndex: 'contact', render: (v: string | null) => v ?? '—' },
  ];

  return (
    <div data-testid="intermediaries-page">
      <PageHeader
        title={t('im.title')}
        extra={
          canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('im.new')}
            </Button>
          ) : null
        }
      />
      <AtlasTabs current="/atlas/intermediaries" />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('im.search')} aria-label={t('im.search')} onSearch={setQ} style={{ width: 220 }} />
        <Select allowClear style={{ width: 200 }} placeholder={t('im.allKinds')} aria-label={t('im.kind')} value={kind} onChange={setKind} options={INTERMEDIARY_KIND_KEYS.map((k) => ({ value: k, label: bi(INTERMEDIARY_KINDS[k]) }))} />
        <Select allowClear style={{ width: 220 }} placeholder={t('im.allChains')} aria-label={t('im.chains')} value={chain} onChange={setChain} options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        <RegionPicker placeholder={t('im.anyRegion')} value={region} onChange={setRegion} />
      </Space>
      {list.error ? <Alert type="error" showIcon message={errorText(list.error)} /> : null}
      <Table rowKey="id" columns={columns} dataSource={list.data ?? []} loading={list.isLoading} pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: t('im.empty') }} data-testid="intermediaries-table" />
      <IntermediaryDrawer id={open} onClose={() => setOpen(null)} />
      <IntermediaryFormModal
        open={creating}
        record={null}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          void client.invalidateQueries({ queryKey: ['atlas', 'intermediaries'] });
          setOpen(id);
        }}
      />
    </div>
  );
}

/** Changes a member's role and date joined: the explicit way to do what adding it again does not. */
function MemberModal({ intermediaryId, member, onClose, onSaved }: { intermediaryId: string; member: Member; onClose: () => void; onSaved: () => void }) {
  const t = useMessages(intermediaryMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const [form] = Form.useForm<{ role: MemberRole; since?: string }>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      await intermediaryApi.updateMember(intermediaryId, member.uscc, { role: v.role, since: v.since ?? null });
      void feedback.message.success(t('im.memberChanged'));
      onSaved();
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('im.editMemberTitle', { name: member.enterprise?.name ?? member.uscc })} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ role: member.role, since: member.since ?? undefined }} data-testid="member-form">
        <Form.Item name="role" label={t('im.role')}>
          <Select options={MEMBER_ROLE_KEYS.map((k) => ({ value: k, label: locale === 'en-US' ? MEMBER_ROLES[k].en : MEMBER_ROLES[k].zh }))} />
        </Form.Item>
        <Form.Item name="since" label={t('im.since')}>
          <DateField />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One intermediary: its fields, what it serves, and its members (with the keepers' add, import, remove, edit and delete). */
export function IntermediaryDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useMessages(intermediaryMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const me = useMe();
  const feedback = useFeedback();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['atlas', 'intermediary', id], queryFn: () => intermediaryApi.get(id!), enabled: id !== null });
  const [editing, setEditing] = useState(false);
  const [adding] = Form.useForm<{ uscc: string; role: MemberRole; since?: { format: (f: string) => string } }>();
  const [busy, setBusy] = useState(false);
  const [changing, setChanging] = useState<Member | null>(null);
  const d = detail.data;
  const refresh = () => client.invalidateQueries({ queryKey: ['atlas'] });

  const add = async () => {
    if (!d) return;
    // An invalid form: antd shows each field's message; nothing is sent.
    const v = await adding.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await intermediaryApi.addMember(d.id, { uscc: v.uscc, role: v.role, since: v.since ? v.since.format('YYYY-MM-DD') : null });
      adding.resetFields();
      await refresh();
    } catch (error) {
      // An enterprise already a member: the refusal names its role under the code; the row's 编辑 changes it.
      feedback.error(error, adding);
    } finally {
      setBusy(false);
    }
  };
  const importFile = async (file: File) => {
    if (!d) return;
    try {
      const dry = await intermediaryApi.importMembers(d.id, file, true, me.csrfToken);
      Modal.confirm({
        title: t('im.importMembers'),
        content: t('im.importConfirm', { file: file.name, rows: dry.rows, added: dry.added, updated: dry.updated }),
        onOk: async () => {
          try {
            const done = await intermediaryApi.importMembers(d.id, file, false, me.csrfToken);
            void feedback.message.success(t('im.imported', { added: done.added, updated: done.updated }));
            await refresh();
          } catch (error) {
            feedback.error(error);
          }
        },
      });
    } catch (error) {
      feedback.error(error);
    }
  };

  const memberColumns: TableColumnsType<Member> = [
    { title: t('im.enterprise'), key: 'name', render: (_, m) => (m.enterprise ? m.enterprise.name : <Typography.Text type="warning">{t('im.notInDirectory')}</Typography.Text>) },
    { title: t('im.uscc'), dataIndex: 'uscc', width: 190 },
    { title: t('im.memberRegion'), key: 'region', width: 110, render: (_, m) => m.enterprise?.regionName ?? '—' },
    { title: t('im.role'), key: 'role', width: 90, render: (_, m) => <Tag color={m.role === 'member' ? undefined : 'blue'}>{bi(m.roleName)}</Tag> },
    { title: t('im.since'), dataIndex: 'since', width: 110, render: (v: string | null) => v ?? '—' },
    ...(d?.canEdit
      ? [
          {
            title: '',
            key: 'actions',
            width: 130,
            render: (_: unknown, m: Member) => (
              <Space size={4}>
                <Button size="small" onClick={() => setChanging(m)} data-testid="member-edit">
                  {t('im.editMember')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    Modal.confirm({
                      title: t('im.removeConfirm', { name: m.enterprise?.name ?? m.uscc }),
                      onOk: async () => {
                        await intermediaryApi.removeMember(d.id, m.uscc).catch((e: unknown) => feedback.error(e));
                        await refresh();
                      },
                    })
                  }
                >
                  {t('im.remove')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Drawer open={id !== null} onClose={onClose} width={820} title={d?.name ?? ''} destroyOnHidden data-testid="intermediary-drawer"
      extra={
        d?.canEdit ? (
          <Space>
            <Button onClick={() => setEditing(true)}>{t('im.edit')}</Button>
            <Button
              danger
              onClick={() =>
                Modal.confirm({
                  title: t('im.deleteConfirm', { name: d.name }),
                  onOk: async () => {
                    try {
                      await intermediaryApi.remove(d.id);
                      onClose();
                      await refresh();
                    } catch (error) {
                      feedback.error(error);
                    }
                  },
                })
              }
            >
              {t('im.delete')}
            </Button>
          </Space>
        ) : null
      }
    >
      {detail.error ? <Alert type="error" showIcon message={errorText(detail.error)} /> : null}
      {d ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="intermediary-detail">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('im.kind')}>{bi(d.kindName)}</Descriptions.Item>
            <Descriptions.Item label={t('im.region')}>{`${d.regionName} ${d.regionCode}`}</Descriptions.Item>
            <Descriptions.Item label={t('im.uscc')}>{d.uscc ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('im.contact')}>{d.contact ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('im.address')}>{d.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('im.website')}>{d.website ? <a href={d.website} target="_blank" rel="noreferrer noopener">{d.website}</a> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('im.chains')}>{d.chains.length ? d.chains.map((c) => <Link key={c.id} to={`/atlas/chains/${c.id}`} style={{ marginRight: 8 }}>{c.name}</Link>) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('im.clusters')}>{d.clusters.length ? d.clusters.map((c) => <Link key={c.id} to={`/atlas/clusters/${c.id}`} style={{ marginRight: 8 }}>{c.name}</Link>) : '—'}</Descriptions.Item>
            {d.note ? <Descriptions.Item label={t('im.note')}>{d.note}</Descriptions.Item> : null}
          </Descriptions>
          <div>
            <Typography.Title level={5}>
              {t('im.members')}（{d.members.length}）
            </Typography.Title>
            {d.canEdit ? (
              <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
                <Form form={adding} layout="inline" name="member" initialValues={{ role: 'member' }}>
                  <Form.Item name="uscc" rules={[{ required: true, message: t('im.required') }]}>
                    <Input placeholder={t('im.uscc')} aria-label={t('im.uscc')} style={{ width: 210 }} maxLength={40} />
                  </Form.Item>
                  <Form.Item name="role">
                    <Select aria-label={t('im.role')} style={{ width: 110 }} options={MEMBER_ROLE_KEYS.map((k) => ({ value: k, label: bi(MEMBER_ROLES[k]) }))} />
                  </Form.Item>
                  <Form.Item name="since">
                    <DatePicker placeholder={t('im.since')} aria-label={t('im.since')} />
                  </Form.Item>
                  <Button type="primary" icon={<PlusOutlined />} loading={busy} onClick={() => void add()} data-testid="member-add">
                    {t('im.add')}
                  </Button>
                </Form>
                <Space>
                  <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(f) => (void importFile(f), false)}>
                    <Button icon={<UploadOutlined />}>{t('im.importMembers')}</Button>
                  </Upload>
                  <Typography.Text type="secondary">{t('im.importHint')}</Typography.Text>
                </Space>
              </Space>
            ) : null}
            <Table rowKey="uscc" size="small" columns={memberColumns} dataSource={d.members} pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: t('im.noMembers') }} data-testid="members-table" />
          </div>
        </Space>
      ) : null}
      {d && changing ? (
        <MemberModal
          intermediaryId={d.id}
          member={changing}
          onClose={() => setChanging(null)}
          onSaved={() => {
            setChanging(null);
            void refresh();
          }}
        />
      ) : null}
      <IntermediaryFormModal
        open={editing}
        record={d ?? null}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          void refresh();
        }}
      />
    </Drawer>
  );
}
