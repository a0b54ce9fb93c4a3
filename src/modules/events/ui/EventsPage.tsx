import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { WithQueryClient } from './query.tsx';
import { eventMessages } from './events.messages.ts';
import { eventsApi, type EventSummary } from './events.api.ts';

/** 对接活动: every event with its date, venue, status and participants; organisers create one (slots laid out from a plan). */
export default function EventsPage() {
  return (
    <WithQueryClient>
      <Events />
    </WithQueryClient>
  );
}

function Events() {
  const t = useMessages(eventMessages);
  const feedback = useFeedback();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ['events'], queryFn: () => eventsApi.list() });
  const create = async () => {
    // An invalid form: antd shows each field's message; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const date = v.date.format('YYYY-MM-DD');
    try {
      const ev = await eventsApi.create({
        name: v.name,
        startsOn: date,
        venue: v.venue || null,
        access: v.access,
        slots: { date, start: v.start, count: v.count, minutes: v.minutes, breakEvery: v.breakEvery || undefined, breakMinutes: v.breakMinutes || 0 },
        tables: v.tables,
      });
      setCreating(false);
      void navigate(`/events/${ev.event.id}`);
    } catch (e) {
      feedback.error(e, form);
    }
  };
  return (
    <div>
      <PageHeader
        title={t('list.title')}
        extra={
          list.data?.canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-event">
              {t('list.create')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('list.intro')}</Typography.Paragraph>
      <Table<EventSummary>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.events ?? []}
        locale={{ emptyText: t('list.empty') }}
        pagination={false}
        columns={[
          { title: t('col.name'), dataIndex: 'name', render: (n: string, e) => <Link to={`/events/${e.id}`}>{n}</Link> },
          { title: t('col.date'), key: 'date', width: 200, render: (_, e) => (e.ends_on !== e.starts_on ? `${e.starts_on} – ${e.ends_on}` : e.starts_on) },
          { title: t('col.venue'), dataIndex: 'venue', ellipsis: true },
          { title: t('col.status'), dataIndex: 'status', width: 110, render: (s: EventSummary['status'], e) => <Tag color={s === 'open' ? 'green' : undefined}>{t(`status.${s}`)}{e.access === 'public' ? ` · ${t('access.public')}` : ''}</Tag> },
          { title: t('col.participants'), dataIndex: 'participants', width: 90, align: 'right' },
        ]}
      />
      <Modal open={creating} title={t('list.create')} onCancel={() => setCreating(false)} onOk={() => void create()} okText={t('form.save')} cancelText={t('form.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ access: 'invitation', start: '09:00', count: 16, minutes: 20, breakEvery: 4, breakMinutes: 10, tables: 20 }}>
          <Form.Item name="name" label={t('form.name')} rules={[{ required: true }]}>
            <Input data-testid="event-name" />
          </Form.Item>
          <Form.Item name="date" label={t('form.date')} rules={[{ required: true }]}>
            <DatePicker data-testid="event-date" />
          </Form.Item>
          <Form.Item name="venue" label={t('form.venue')}>
            <Input />
          </Form.Item>
          <Form.Item name="access" label={t('form.access')}>
            <Select options={(['invitation', 'public'] as const).map((a) => ({ value: a, label: t(`access.${a}`) }))} />
          </Form.Item>
          <Form.Item name="start" label={t('form.start')} rules={[{ required: true, pattern: /^\d{1,2}:\d{2}$/ }]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="count" label={t('form.count')}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Form.Item name="minutes" label={t('form.minutes')}>
            <InputNumber min={5} max={240} />
          </Form.Item>
          <Form.Item name="breakEvery" label={t('form.breakEvery')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item name="breakMinutes" label={t('form.breakMinutes')}>
            <InputNumber min={0} max={240} />
          </Form.Item>
          <Form.Item name="tables" label={t('form.tables')}>
            <InputNumber min={1} max={2000} data-testid="event-tables" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
