import { useEffect, useState } from 'react';
import { Alert, Button, Empty, Form, Input, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { clip, formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { useMe } from '../../../web/session.tsx';
import { reminderMessages } from './reminders.messages.ts';
import { reminderKeys, remindersApi, type ChannelsInput, type Delivery, type OwedItem } from './reminders.api.ts';
import { WithQueryClient } from './query.tsx';

/** 催办: what units owe now with a 催办 button, the deliveries with their status, and a unit's reminder channels. */
export default function RemindersPage() {
  return (
    <WithQueryClient>
      <Reminders />
    </WithQueryClient>
  );
}

const STATUS_COLOR = { pending: 'gold', sending: 'blue', sent: 'green', failed: 'red' } as const;

function Reminders() {
  const t = useMessages(reminderMessages);
  const me = useMe();
  const supervising = me.can.remindUnits === true;
  const items = [
    ...(supervising
      ? [
          { key: 'owed', label: t('tab.owed'), children: <OwedTab /> },
          { key: 'deliveries', label: t('tab.deliveries'), children: <DeliveriesTab /> },
        ]
      : []),
    ...(supervising || me.can.setNotifyChannels ? [{ key: 'channels', label: t('tab.channels'), children: <ChannelsTab /> }] : []),
  ];
  return (
    <>
      <PageHeader title={t('page.title')} />
      <Typography.Paragraph type="secondary">{t('page.subtitle')}</Typography.Paragraph>
      <Tabs items={items} />
    </>
  );
}

/** A time in China as a clock shows it (09:30), with its day (12/05 09:30) when `withDay`. */
function chinaClock(iso: string, locale: string, withDay = false): string {
  return new Intl.DateTimeFormat(locale, { ...(withDay ? { month: '2-digit', day: '2-digit' } : {}), hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

/** The China day (YYYY-MM-DD) of a time. */
const chinaDayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

function OwedTab() {
  const t = useMessages(reminderMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const client = useQueryClient();
  const owed = useQuery({ queryKey: reminderKeys.owed, queryFn: remindersApi.owed });
  const remind = useMutation({
    // The row's period goes with it: a unit may owe last month's report and this month's at once.
    mutationFn: (i: OwedItem) => remindersApi.remind(i.taskId, i.unitId, i.period),
    onSuccess: (r) => {
      if (r.repeated) void feedback.message.info(t('remind.already', { time: chinaClock(r.remindedAt, locale), unit: r.unitName, period: r.period }));
      else void feedback.message.success(t('remind.sent', { unit: r.unitName, period: r.period, channels: r.channels.map((c) => `、${t(`channel.${c}`)}`).join('') }));
      void client.invalidateQueries({ queryKey: reminderKeys.all });
    },
    onError: (e) => feedback.error(e),
  });
  const today = owed.data?.today;
  const reminded = (i: OwedItem) => {
    if (i.remindedAt && chinaDayOf(i.remindedAt) === today) return <Tag color="green" data-testid="reminded">{t('reminded.today', { time: chinaClock(i.remindedAt, locale) })}</Tag>;
    const lines = [
      i.remindedAt ? t('reminded.before', { time: chinaClock(i.remindedAt, locale, true) }) : null,
      i.autoRemindedAt ? t('reminded.auto', { time: chinaClock(i.autoRemindedAt, locale, chinaDayOf(i.autoRemindedAt) !== today) }) : null,
    ].filter(Boolean);
    return lines.length ? (
      <Typography.Text type="secondary" data-testid="reminded">
        {lines.join(' · ')}
      </Typography.Text>
    ) : (
      '—'
    );
  };
  const columns: TableColumnsType<OwedItem> = [
    { title: t('col.task'), key: 'task', render: (_, i) => `${i.seq ? `${i.seq}. ` : ''}${clip(i.title, 50)}` },
    { title: t('col.plan'), dataIndex: 'planTitle', ellipsis: true, responsive: ['xl'] },
    { title: t('col.unit'), dataIndex: 'unitName', width: 160 },
    { title: t('col.role'), dataIndex: 'role', width: 70, render: (r: 'lead' | 'co') => <Tag color={r === 'lead' ? 'blue' : undefined}>{t(`role.${r}`)}</Tag> },
    { title: t('col.period'), dataIndex: 'period', width: 90 },
    { title: t('col.due'), dataIndex: 'due', width: 110 },
    {
      title: t('col.state'),
      key: 'state',
      width: 130,
      render: (_, i) => (i.late ? <Tag color="red">{t('owed.late', { days: i.days })}</Tag> : <Tag color="gold">{i.days === 0 ? t('owed.today') : t('owed.soon', { days: i.days })}</Tag>),
    },
    { title: t('col.reminded'), key: 'reminded', width: 170, render: (_, i) => reminded(i) },
    {
      key: 'act',
      width: 90,
      render: (_, i) => (
        <Button size="small" data-testid="remind-button" loading={remind.isPending && remind.variables === i} onClick={() => remind.mutate(i)}>
          {t('action.remind')}
        </Button>
      ),
    },
  ];
  return (
    <Table<OwedItem>
      rowKey={(i) => `${i.taskId}|${i.unitId}|${i.period}`}
      size="middle"
      loading={owed.isLoading}
      dataSource={owed.data?.items ?? []}
      columns={columns}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('owed.total', { n }) }}
      locale={{ emptyText: <Empty description={owed.error ? errorText(owed.error) : t('owed.empty')} /> }}
    />
  );
}

function DeliveriesTab() {
  const t = useMessages(reminderMessages);
  const locale = useLocale();
  const list = useQuery({ queryKey: reminderKeys.deliveries, queryFn: remindersApi.deliveries, refetchInterval: 15_000 });
  const queryClient = useQueryClient();
  const feedback = useFeedback();
  const retry = useMutation({
    mutationFn: (ids?: string[]) => remindersApi.retryFailed(ids),
    onSuccess: (r) => {
      void feedback.message.success(t('deliveries.requeued', { n: r.requeued }));
      void queryClient.invalidateQueries({ queryKey: reminderKeys.deliveries });
    },
    onError: (error) => feedback.error(error),
  });
  const columns: TableColumnsType<Delivery> = [
    { title: t('col.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v, locale) },
    { title: t('col.unit'), dataIndex: 'unitName', width: 180, ellipsis: true },
    { title: t('col.task'), dataIndex: 'task', ellipsis: true },
    { title: t('col.period'), dataIndex: 'period', width: 90, render: (p: string | null) => p ?? '—' },
    { title: t('col.kind'), dataIndex: 'kind', width: 100, render: (k: Delivery['kind']) => t(`kind.${k}`) },
    { title: t('col.channel'), dataIndex: 'channel', width: 90, render: (c: Delivery['channel']) => t(`channel.${c}`) },
    {
      title: t('col.state'),
      key: 'status',
      width: 160,
      render: (_, d) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLOR[d.status]} data-testid="delivery-status">
            {t(`status.${d.status}`)}
          </Tag>
          {d.status === 'pending' && d.attempts > 0 && d.nextAttemptAt ? <Typography.Text type="secondary">{t('deliveries.retry', { time: formatDateTime(d.nextAttemptAt, locale) })}</Typography.Text> : null}
          {d.status === 'failed' ? (
            <Button size="small" type="link" loading={retry.isPending && retry.variables?.[0] === d.id} onClick={() => retry.mutate([d.id])} data-testid="delivery-retry">
              {t('deliveries.retryOne')}
            </Button>
          ) : null}
        </Space>
      ),
    },
    { title: t('col.attempts'), key: 'attempts', width: 90, render: (_, d) => (d.channel === 'app' ? '—' : `${d.attempts}/${d.maxAttempts}`) },
    { title: t('col.error'), dataIndex: 'lastError', ellipsis: true, responsive: ['lg'], render: (e: string | null) => e ?? '—' },
  ];
  const c = list.data?.counts;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('deliveries.scope')}</Typography.Text>
      {list.data && !list.data.smtpConfigured ? <Alert type="warning" showIcon message={t('deliveries.noSmtp')} /> : null}
      <Space wrap>
        {c ? <Typography.Text type="secondary">{t('deliveries.counts', c)}</Typography.Text> : null}
        {c && c.failed > 0 ? (
          <Button size="small" loading={retry.isPending && retry.variables === undefined} onClick={() => retry.mutate(undefined)} data-testid="deliveries-retry-failed">
            {t('deliveries.retryFailed', { n: c.failed })}
          </Button>
        ) : null}
      </Space>
      <Table<Delivery>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.deliveries ?? []}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={list.error ? errorText(list.error) : t('deliveries.empty')} /> }}
      />
    </Space>
  );
}

interface ChannelForm {
  emails: string;
  dingtalkWebhook: string;
  dingtalkSecret: string;
  wecomWebhook: string;
}

function ChannelsTab() {
  const t = useMessages(reminderMessages);
  const me = useMe();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [unitId, setUnitId] = useState<string | null>(me.unit_id);
  const [form] = Form.useForm<ChannelForm>();
  const units = useQuery({ queryKey: ['reminders', 'units'], queryFn: remindersApi.units });
  const channels = useQuery({ queryKey: reminderKeys.channels(unitId ?? ''), queryFn: () => remindersApi.channels(unitId!), enabled: unitId !== null });
  const data = channels.data;
  useEffect(() => {
    if (data) form.setFieldsValue({ emails: data.emails.join('\n'), dingtalkWebhook: '', dingtalkSecret: '', wecomWebhook: '' });
  }, [data, form]);
  const save = useMutation({
    mutationFn: (input: ChannelsInput) => remindersApi.setChannels(unitId!, input),
    onSuccess: (saved) => {
      void feedback.message.success(t('channels.saved'));
      client.setQueryData(reminderKeys.channels(saved.unitId), saved);
    },
    onError: (e) => feedback.error(e, form),
  });
  const editable = data?.abilities.includes('setChannels') === true;
  // A secret field left empty keeps what is stored: the browser never holds it.
  const submit = (v: ChannelForm) =>
    save.mutate({
      emails: v.emails
        .split(/[\n,;，；\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      ...(v.dingtalkWebhook.trim() ? { dingtalkWebhook: v.dingtalkWebhook.trim() } : {}),
      ...(v.dingtalkSecret.trim() ? { dingtalkSecret: v.dingtalkSecret.trim() } : {}),
      ...(v.wecomWebhook.trim() ? { wecomWebhook: v.wecomWebhook.trim() } : {}),
    });
  const keep = (masked: string | null) => (masked ? t('channels.keep', { masked }) : undefined);
  const clear = (field: 'dingtalkWebhook' | 'dingtalkSecret' | 'wecomWebhook') => save.mutate({ [field]: null });
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 720 }}>
      <Select
        showSearch
        style={{ width: 360 }}
        placeholder={t('channels.chooseUnit')}
        value={unitId ?? undefined}
        onChange={(v: string) => setUnitId(v)}
        optionFilterProp="label"
        loading={units.isLoading}
        options={(units.data?.units ?? []).map((u) => ({ value: u.id, label: u.short_name ? `${u.short_name}（${u.name}）` : u.name }))}
        data-testid="channels-unit"
      />
      {channels.error ? <Alert type="error" message={errorText(channels.error)} /> : null}
      {data ? (
        <Form<ChannelForm> form={form} layout="vertical" onFinish={submit} disabled={!editable}>
          {!editable ? <Alert type="info" message={t('channels.readOnly')} style={{ marginBottom: 16 }} /> : null}
          <Form.Item name="emails" label={t('channels.emails')}>
            <Input.TextArea rows={3} placeholder="liaison@example.gov.cn" />
          </Form.Item>
          <Form.Item label={t('channels.dingtalk')} extra={keep(data.dingtalk.webhook)}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="dingtalkWebhook" noStyle>
                <Input placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" autoComplete="off" />
              </Form.Item>
              {data.dingtalk.configured ? <Button onClick={() => clear('dingtalkWebhook')}>{t('channels.clear')}</Button> : null}
            </Space.Compact>
          </Form.Item>
          <Form.Item label={t('channels.secret')} extra={keep(data.dingtalk.secret)}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="dingtalkSecret" noStyle>
                <Input.Password placeholder="SEC…" autoComplete="new-password" />
              </Form.Item>
              {data.dingtalk.signed ? <Button onClick={() => clear('dingtalkSecret')}>{t('channels.clear')}</Button> : null}
            </Space.Compact>
          </Form.Item>
          <Form.Item label={t('channels.wecom')} extra={keep(data.wecom.webhook)}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="wecomWebhook" noStyle>
                <Input placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" autoComplete="off" />
              </Form.Item>
              {data.wecom.configured ? <Button onClick={() => clear('wecomWebhook')}>{t('channels.clear')}</Button> : null}
            </Space.Compact>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="channels-save">
            {t('channels.save')}
          </Button>
        </Form>
      ) : null}
    </Space>
  );
}
