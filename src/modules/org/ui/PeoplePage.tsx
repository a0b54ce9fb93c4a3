import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Drawer, Flex, Form, Input, Space, Switch, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { CrownOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages, useT } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { orgMessages } from './org.messages.ts';
import { orgApi, type Person, type PersonInput, type Unit, type UnitNode } from './org.api.ts';
import { orgKeys, orgQueries } from './org.queries.ts';
import { unitLabel, unitTreeOptions, useRegions, useUnitDirectory, type TreeOption } from './useOrgData.ts';

type PersonFormValues = PersonInput;

function PersonForm(props: {
  open: boolean;
  person: Person | null;
  tree: UnitNode[];
  unitsById: Map<string, Unit>;
  regionOptions: TreeOption[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { open, person, tree, unitsById, regionOptions, onClose, onSaved } = props;
  const t = useMessages(orgMessages);
  const tc = useT();
  const feedback = useFeedback();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<PersonFormValues>();
  const [saving, setSaving] = useState(false);
  const isLeader = Form.useWatch('isLeader', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      person
        ? {
            name: person.name,
            title: person.title,
            unitId: person.unit_id,
            regionCode: person.region_code,
            isLeader: person.is_leader,
            portfolioUnitIds: person.portfolio_unit_ids,
            phone: person.phone,
            email: person.email,
          }
        : { name: '', title: null, unitId: null, regionCode: undefined, isLeader: false, portfolioUnitIds: [], phone: null, email: null },
    );
  }, [open, person, form]);

  // People are added to units the user may edit; the unit's `update` ability is the server's answer to that.
  const unitOptions = unitTreeOptions(tree, (u) => !u.abilities.includes('update'));
  const portfolioOptions = unitTreeOptions(tree);

  const submit = async (values: PersonFormValues) => {
    const input: PersonInput = {
      name: values.name.trim(),
      title: values.title?.trim() || null,
      unitId: values.unitId ?? null,
      regionCode: values.regionCode,
      isLeader: values.isLeader ?? false,
      portfolioUnitIds: values.isLeader ? (values.portfolioUnitIds ?? []) : [],
      phone: values.phone?.trim() || null,
      email: values.email?.trim() || null,
    };
    setSaving(true);
    try {
      if (person) await orgApi.updatePerson(person.id, input);
      else await orgApi.createPerson(input);
      void feedback.message.success(tc('common.saved'));
      onSaved();
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
      title={person ? t('people.edit') : t('people.create')}
      size={isPhone ? '100%' : 520}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{tc('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {tc('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark="optional"
        preserve={false}
        onValuesChange={(changed: Partial<PersonFormValues>) => {
          // A person's region follows their unit unless set by hand afterwards.
          if (changed.unitId) form.setFieldValue('regionCode', unitsById.get(changed.unitId)?.region_code);
        }}
      >
        <Form.Item name="name" label={t('person.name')} rules={[{ required: true, whitespace: true, message: t('person.nameRequired') }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="title" label={t('person.title')}>
          <Input maxLength={100} allowClear />
        </Form.Item>
        <Form.Item name="unitId" label={t('person.unit')}>
          <TreeSelect treeData={unitOptions} allowClear showSearch={{ treeNodeFilterProp: 'title' }} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('person.region')} rules={[{ required: true }]}>
          <TreeSelect treeData={regionOptions} showSearch={{ treeNodeFilterProp: 'title' }} />
        </Form.Item>
        <Form.Item name="isLeader" label={t('person.isLeader')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {isLeader ? (
          <Form.Item name="portfolioUnitIds" label={t('person.portfolio')}>
            <TreeSelect treeData={portfolioOptions} multiple treeCheckable={false} allowClear showSearch={{ treeNodeFilterProp: 'title' }} />
          </Form.Item>
        ) : null}
        <Form.Item name="phone" label={t('person.phone')}>
          <Input maxLength={40} allowClear />
        </Form.Item>
        <Form.Item name="email" label={t('person.email')} rules={[{ type: 'email', message: t('person.emailInvalid') }]}>
          <Input maxLength={100} allowClear />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** Leaders (with the units they oversee) and unit contacts, filtered by unit or leaders only. */
export default function PeoplePage() {
  const t = useMessages(orgMessages);
  const tc = useT();
  const isPhone = useIsPhone();
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [leadersOnly, setLeadersOnly] = useState(false);
  const people = useQuery({ ...orgQueries.people({ unitId, leadersOnly: leadersOnly || undefined }), placeholderData: keepPreviousData });
  const queryClient = useQueryClient();
  const directory = useUnitDirectory();
  const regions = useRegions();
  const [editing, setEditing] = useState<{ person: Person | null } | null>(null);

  const filterOptions = useMemo(() => unitTreeOptions(directory.tree), [directory.tree]);
  const canAdd = directory.units.some((u) => u.abilities.includes('update'));
  const unitName = (id: string | null) => (id ? unitLabel(directory.byId.get(id)) : '');

  const columns: TableColumnsType<Person> = [
    {
      title: t('person.name'),
      dataIndex: 'name',
      render: (name: string, p) => (
        <Space size={4}>
          {p.is_leader ? <CrownOutlined style={{ color: '#b8322a' }} title={t('person.isLeader')} /> : null}
          {name}
        </Space>
      ),
    },
    { title: t('person.title'), dataIndex: 'title', render: (v: string | null) => v ?? '' },
    { title: t('person.unit'), dataIndex: 'unit_id', render: unitName },
    {
      title: t('person.portfolio'),
      dataIndex: 'portfolio_unit_ids',
      width: 280,
      render: (ids: string[]) => (
        <Flex gap={4} wrap>
          {ids.map((id) => (
            <Tag key={id} style={{ marginInlineEnd: 0 }}>
              {unitName(id)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    { title: t('person.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '' },
    { title: t('person.email'), dataIndex: 'email', render: (v: string | null) => v ?? '' },
    {
      title: tc('common.actions'),
      key: 'actions',
      width: 90,
      fixed: isPhone ? undefined : 'right',
      render: (_, p) =>
        p.abilities.includes('update') ? (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ person: p })}>
            {tc('common.edit')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.people')}
        extra={
          canAdd ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ person: null })}>
              {t('people.create')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <TreeSelect
            treeData={filterOptions}
            value={unitId}
            onChange={(v: string | undefined) => setUnitId(v)}
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('people.filterUnit')}
            style={{ width: isPhone ? '100%' : 320 }}
          />
          <Space>
            <Switch size="small" checked={leadersOnly} onChange={setLeadersOnly} />
            <Typography.Text>{t('people.leadersOnly')}</Typography.Text>
          </Space>
        </Flex>
        {people.error ? <Typography.Text type="danger">{errorText(people.error)}</Typography.Text> : null}
        <Table<Person>
          rowKey="id"
          size={isPhone ? 'small' : 'middle'}
          columns={columns}
          dataSource={people.data ?? []}
          loading={people.isFetching}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('people.empty') }}
        />
      </Card>
      <PersonForm
        open={editing !== null}
        person={editing?.person ?? null}
        tree={directory.tree}
        unitsById={directory.byId}
        regionOptions={regions.options}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          // Every list of people (leader pickers too) shows the change.
          void queryClient.invalidateQueries({ queryKey: orgKeys.allPeople });
        }}
      />
    </>
  );
}
