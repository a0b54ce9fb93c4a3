import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Dropdown, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { EditOutlined, MinusCircleOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages, useT } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { formatDateTime } from '../../../web/format.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { orgMessages } from './org.messages.ts';
import { orgApi, ROLES, UNIT_ROLES, type Person, type Role, type User } from './org.api.ts';
import { orgKeys, orgQueries } from './org.queries.ts';
import { unitLabel, unitTreeOptions, useUnitDirectory, type TreeOption } from './useOrgData.ts';

type RoleRow = { role: Role; unitId: string | null };

/** The role rows of a form: a role, and a unit for unit roles. */
function RoleFields({ form, unitOptions }: { form: FormInstance; unitOptions: TreeOption[] }) {
  const t = useMessages(orgMessages);
  const tc = useT();
  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8}>
          {fields.length === 0 ? <Typography.Text type="secondary">{t('accounts.noRoles')}</Typography.Text> : null}
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="start" wrap={false}>
              <Form.Item name={[field.name, 'role']} style={{ marginBottom: 0, width: 150, flex: 'none' }} rules={[{ required: true }]}>
                <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} aria-label={t('user.role')} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() =>
                  UNIT_ROLES.includes(form.getFieldValue(['roles', field.name, 'role'])) ? (
                    <Form.Item name={[field.name, 'unitId']} style={{ marginBottom: 0, flex: 1, minWidth: 0 }}>
                      <TreeSelect treeData={unitOptions} showSearch={{ treeNodeFilterProp: 'title' }} placeholder={t('user.roleUnit')} allowClear />
                    </Form.Item>
                  ) : (
                    <div style={{ flex: 1 }} />
                  )
                }
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={tc('common.delete')} />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'unit_viewer', unitId: null })} block>
            {t('accounts.addRole')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('accounts.roleUnitHint')}
          </Typography.Text>
        </Flex>
      )}
    </Form.List>
  );
}

function cleanRoles(rows: RoleRow[] | undefined): RoleRow[] {
  return (rows ?? []).map((r) => ({ role: r.role, unitId: UNIT_ROLES.includes(r.role) ? (r.unitId ?? null) : null }));
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'roles'; user: User }
  | { kind: 'password'; user: User };

/** One dialog for the account forms; the server's field errors land on the fields (e.g. roles[0].unitId). */
/**
 * The person an account belongs to (a leader or a unit contact from 人员), so that reminders, portfolios and
 * signatures reach the right account. Choosing one fills the name and unit when those are still empty.
 */
function PersonField({ form, people }: { form: FormInstance; people: Person[] }) {
  const t = useMessages(orgMessages);
  const options = people.map((p) => ({ value: p.id, label: p.title ? `${p.name} · ${p.title}` : p.name }));
  const chosen = (id?: string) => {
    const person = people.find((p) => p.id === id);
    if (!person) return;
    if (!String(form.getFieldValue('displayName') ?? '').trim()) form.setFieldValue('displayName', person.name);
    if (!form.getFieldValue('unitId') && person.unit_id) form.setFieldValue('unitId', person.unit_id);
  };
  return (
    <Form.Item name="personId" label={t('user.person')} extra={t('user.personHint')}>
      <Select options={options} allowClear showSearch={{ optionFilterProp: 'label' }} onChange={chosen} aria-label={t('user.person')} />
    </Form.Item>
  );
}

function AccountDialog({
  dialog,
  unitOptions,
  people,
  onClose,
  onSaved,
}: {
  dialog: Dialog | null;
  unitOptions: TreeOption[];
  people: Person[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useMessages(orgMessages);
  const tc = useT();
  const feedback = useFeedback();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!dialog) return;
    form.resetFields();
    if (dialog.kind === 'create') form.setFieldsValue({ locale: 'zh-CN', roles: [], mustChangePassword: true });
    if (dialog.kind === 'edit') form.setFieldsValue({ displayName: dialog.user.display_name, personId: dialog.user.person_id ?? undefined, unitId: dialog.user.unit_id, locale: dialog.user.locale });
    if (dialog.kind === 'roles') form.setFieldsValue({ roles: dialog.user.roles.map((r) => ({ role: r.role, unitId: r.unitId })) });
  }, [dialog, form]);

  if (!dialog) return null;

  const submit = async (values: Record<string, unknown>) => {
    setSaving(true);
    try {
      if (dialog.kind === 'create') {
        await orgApi.createUser({
          username: String(values.username ?? '').trim(),
          displayName: String(values.displayName ?? '').trim(),
          password: String(values.password ?? ''),
          unitId: (values.unitId as string | undefined) ?? null,
          personId: (values.personId as string | undefined) ?? null,
          locale: values.locale as 'zh-CN' | 'en-US',
          roles: cleanRoles(values.roles as RoleRow[]),
          mustChangePassword: Boolean(values.mustChangePassword),
        });
      } else if (dialog.kind === 'edit') {
        await orgApi.updateUser(dialog.user.id, {
          displayName: String(values.displayName ?? '').trim(),
          personId: (values.personId as string | undefined) ?? null,
          unitId: (values.unitId as string | undefined) ?? null,
          locale: values.locale as 'zh-CN' | 'en-US',
        });
      } else if (dialog.kind === 'roles') {
        await orgApi.setRoles(dialog.user.id, cleanRoles(values.roles as RoleRow[]));
      } else {
        await orgApi.resetPassword(dialog.user.id, String(values.newPassword ?? ''));
        void feedback.message.success(t('accounts.resetDone'));
      }
      if (dialog.kind !== 'password') void feedback.message.success(tc('common.saved'));
      onSaved();
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };

  const title = {
    create: t('accounts.create'),
    edit: `${t('accounts.editAccount')} · ${'user' in dialog ? dialog.user.username : ''}`,
    roles: `${t('accounts.editRoles')} · ${'user' in dialog ? dialog.user.username : ''}`,
    password: `${t('accounts.resetPassword')} · ${'user' in dialog ? dialog.user.username : ''}`,
  }[dialog.kind];
  const localeOptions = [
    { value: 'zh-CN', label: tc('lang.zh') },
    { value: 'en-US', label: tc('lang.en') },
  ];
  // Who the account is and where it sits, the same in creating and in editing it.
  const whereFields = (
    <>
      <PersonField form={form} people={people} />
      <Form.Item name="unitId" label={t('user.unit')}>
        <TreeSelect treeData={unitOptions} allowClear showSearch={{ treeNodeFilterProp: 'title' }} />
      </Form.Item>
      <Form.Item name="locale" label={t('user.locale')}>
        <Select options={localeOptions} />
      </Form.Item>
    </>
  );

  return (
    <Modal
      open
      title={title}
      okText={tc('common.save')}
      cancelText={tc('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" autoComplete="off" preserve={false}>
        {dialog.kind === 'create' ? (
          <>
            <Form.Item name="username" label={t('user.username')} rules={[{ required: true, whitespace: true, message: t('user.usernameRequired') }]}>
              <Input maxLength={64} autoComplete="off" />
            </Form.Item>
            <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, whitespace: true, message: t('user.displayNameRequired') }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="password" label={t('user.password')} extra={tc('password.hint')} rules={[{ required: true, message: t('user.passwordRequired') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            {whereFields}
            <Form.Item label={t('user.roles')}>
              <RoleFields form={form} unitOptions={unitOptions} />
            </Form.Item>
            <Form.Item name="mustChangePassword" valuePropName="checked">
              <Checkbox>{t('user.mustChangePassword')}</Checkbox>
            </Form.Item>
          </>
        ) : null}
        {dialog.kind === 'edit' ? (
          <>
            <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, whitespace: true, message: t('user.displayNameRequired') }]}>
              <Input maxLength={50} />
            </Form.Item>
            {whereFields}
          </>
        ) : null}
        {dialog.kind === 'roles' ? <RoleFields form={form} unitOptions={unitOptions} /> : null}
        {dialog.kind === 'password' ? (
          <>
            <Form.Item name="newPassword" label={tc('password.new')} extra={tc('password.hint')} rules={[{ required: true, message: tc('password.required') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={tc('password.confirm')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: tc('password.required') },
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(tc('password.mismatch'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}

/** Accounts with their roles (administrators): create, edit, set roles, reset password, deactivate. */
export default function AccountsPage() {
  const t = useMessages(orgMessages);
  const tc = useT();
  const locale = useLocale();
  const feedback = useFeedback();
  const isPhone = useIsPhone();
  const users = useQuery(orgQueries.users());
  const people = useQuery(orgQueries.people());
  const queryClient = useQueryClient();
  const reloadUsers = () => queryClient.invalidateQueries({ queryKey: orgKeys.users() });
  const personName = (id: string | null) => (id ? (people.data?.find((p) => p.id === id)?.name ?? '') : '');
  const directory = useUnitDirectory();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const unitOptions = unitTreeOptions(directory.tree);
  const unitName = (id: string | null) => (id ? unitLabel(directory.byId.get(id)) : '');

  const setActive = async (user: User, active: boolean) => {
    try {
      await orgApi.updateUser(user.id, { active });
      void feedback.message.success(tc('common.saved'));
      await reloadUsers();
    } catch (error) {
      feedback.error(error);
    }
  };

  const columns: TableColumnsType<User> = [
    { title: t('user.username'), dataIndex: 'username', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('user.displayName'), dataIndex: 'display_name' },
    { title: t('user.person'), dataIndex: 'person_id', render: personName },
    { title: t('user.unit'), dataIndex: 'unit_id', render: unitName },
    {
      title: t('user.roles'),
      dataIndex: 'roles',
      width: 260,
      render: (roles: User['roles']) => (
        <Flex gap={4} wrap>
          {roles.map((r) => (
            <Tag key={`${r.role}|${r.unitId}`} color={r.role === 'admin' ? 'red' : r.role === 'supervisor' ? 'orange' : r.role === 'leader' ? 'gold' : 'blue'} style={{ marginInlineEnd: 0 }}>
              {t(`role.${r.role}`)}
              {r.unitId ? ` · ${unitName(r.unitId)}` : ''}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('user.status'),
      key: 'status',
      render: (_, u) => (
        <Flex gap={4} wrap>
          <Tag color={u.active ? 'green' : 'default'}>{u.active ? tc('common.active') : tc('common.inactive')}</Tag>
          {u.must_change_password ? <Tag color="warning">{t('user.mustChangeTag')}</Tag> : null}
        </Flex>
      ),
    },
    { title: t('user.createdAt'), dataIndex: 'created_at', render: (v: string) => formatDateTime(v, locale) },
    {
      title: tc('common.actions'),
      key: 'actions',
      fixed: isPhone ? undefined : 'right',
      render: (_, u) => {
        const more = [
          u.abilities.includes('setRoles') ? { key: 'roles', label: t('accounts.editRoles'), onClick: () => setDialog({ kind: 'roles', user: u }) } : null,
          u.abilities.includes('resetPassword') ? { key: 'password', label: t('accounts.resetPassword'), onClick: () => setDialog({ kind: 'password', user: u }) } : null,
        ].filter((x) => x !== null);
        return (
          <Space size={0}>
            {u.abilities.includes('update') ? (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit', user: u })}>
                {tc('common.edit')}
              </Button>
            ) : null}
            {u.abilities.includes('update') ? (
              u.active ? (
                <Popconfirm
                  title={t('accounts.confirmDeactivate', { name: u.username })}
                  okText={t('accounts.deactivate')}
                  cancelText={tc('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => setActive(u, false)}
                >
                  <Button type="link" size="small" danger>
                    {t('accounts.deactivate')}
                  </Button>
                </Popconfirm>
              ) : (
                <Button type="link" size="small" onClick={() => setActive(u, true)}>
                  {t('accounts.activate')}
                </Button>
              )
            ) : null}
            {more.length ? (
              <Dropdown menu={{ items: more }} trigger={['click']}>
                <Button type="text" size="small" icon={<MoreOutlined />} aria-label={tc('common.more')} />
              </Dropdown>
            ) : null}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.accounts')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
            {t('accounts.create')}
          </Button>
        }
      />
      <Card size="small">
        {users.error ? <Typography.Text type="danger">{errorText(users.error)}</Typography.Text> : null}
        <Table<User>
          rowKey="id"
          size={isPhone ? 'small' : 'middle'}
          columns={columns}
          dataSource={users.data ?? []}
          loading={users.isFetching}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <AccountDialog
        dialog={dialog}
        unitOptions={unitOptions}
        people={people.data ?? []}
        onClose={() => setDialog(null)}
        onSaved={() => {
          setDialog(null);
          void reloadUsers();
        }}
      />
    </>
  );
}
