import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, List, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { Loading, WithQueryClient } from './query.tsx';
import { segmentLabel } from '../events.chains.domain.ts';
import { eventMessages } from './events.messages.ts';
import { InviteIntermediary } from './InviteIntermediary.tsx';
import { accountApi, eventsApi, linkPath, type EventDetail, type ScheduleResult } from './events.api.ts';
import { ChainSegmentFields, QrScanner, TaskPicker } from './ParticipantTools.tsx';
import { ParticipantSelf } from './ParticipantSelf.tsx';

const ReportTab = lazy(() => import('./EventReport.tsx'));

type T = ReturnType<typeof useMessages<typeof eventMessages>>;
type Participant = EventDetail['participants'][number];

/** One event: participants, offers and needs, requests, the schedule grid (排会), check-in, outcomes and the report. */
export default function EventPage() {
  return (
    <WithQueryClient>
      <Event />
    </WithQueryClient>
  );
}

function Event() {
  const { id } = useParams() as { id: string };
  const t = useMessages(eventMessages);
  const feedback = useFeedback();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['event', id], queryFn: () => eventsApi.get(id) });
  const refresh = () => client.invalidateQueries({ queryKey: ['event', id] });
  const act = async (work: () => Promise<unknown>, form?: Parameters<typeof feedback.error>[1]) => {
    try {
      await work();
      await refresh();
      return true;
    } catch (e) {
      feedback.error(e, form);
      return false;
    }
  };
  const d = detail.data;
  if (!d) return <Loading error={detail.error} />;
  const manages = d.abilities.includes('manage');
  const ctx: TabProps = { d, t, act, id, manages };
  const items = [
    ...(d.myParticipantIds.length ? [{ key: 'mine', label: t('tab.mine'), children: <MineTab {...ctx} /> }] : []),
    { key: 'participants', label: t('tab.participants'), children: <ParticipantsTab {...ctx} /> },
    { key: 'offers', label: t('tab.offers'), children: <OffersTab {...ctx} /> },
    { key: 'requests', label: t('tab.requests'), children: <RequestsTab {...ctx} /> },
    { key: 'schedule', label: t('tab.schedule'), children: <ScheduleTab {...ctx} /> },
    ...(manages
      ? [
          { key: 'checkin', label: t('tab.checkin'), children: <CheckInTab {...ctx} /> },
          { key: 'outcomes', label: t('tab.outcomes'), children: <OutcomesTab {...ctx} /> },
          {
            key: 'report',
            label: t('tab.report'),
            children: (
              <Suspense fallback={null}>
                <ReportTab id={id} />
              </Suspense>
            ),
          },
        ]
      : []),
  ];
  const next = ({ draft: 'open', open: 'closed', closed: 'held', held: null } as const)[d.event.status];
  return (
    <div>
      <PageHeader
        title={d.event.name}
        extra={
          <Space>
            <Tag color={d.event.status === 'open' ? 'green' : undefined} data-testid="event-status">
              {t(`status.${d.event.status}`)}
            </Tag>
            {manages && next && (
              <Button onClick={() => void act(() => eventsApi.update(id, { status: next }))} data-testid="event-next-status">
                {t(next === 'open' ? 'event.open' : next === 'closed' ? 'event.close' : 'event.held')}
              </Button>
            )}
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">
        {[d.event.starts_on, d.event.venue, t(`access.${d.event.access}`), t('event.grid', { slots: d.slots.length, tables: d.tables.length })].filter(Boolean).join(' · ')}
      </Typography.Paragraph>
      {manages && d.event.access === 'public' && (
        <Typography.Paragraph>
          {t('link.copy')}：
          <Typography.Text copyable code data-testid="public-link">{`${window.location.origin}/events/${id}/register`}</Typography.Text>
          <Typography.Text type="secondary"> {t('link.hint')}</Typography.Text>
        </Typography.Paragraph>
      )}
      <Tabs items={items} destroyOnHidden />
    </div>
  );
}

interface TabProps {
  d: EventDetail;
  t: T;
  id: string;
  manages: boolean;
  act: (work: () => Promise<unknown>, form?: Parameters<ReturnType<typeof useFeedback>['error']>[1]) => Promise<boolean>;
}

const nameMap = (d: EventDetail) => new Map(d.participants.map((p) => [p.id, p.name]));

function ParticipantsTab({ d, t, id, manages, act }: TabProps) {
  const [form] = Form.useForm();
  const canRegister = d.abilities.includes('register');
  return (
    <div>
      <Table<Participant>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d.participants}
        data-testid="participants-table"
        columns={[
          { title: t('p.name'), dataIndex: 'name', render: (n: string, p) => <span>{n}{p.enterprise_id && <Tag style={{ marginLeft: 6 }}>{t('p.linked')}</Tag>}</span> },
          { title: t('p.kind'), dataIndex: 'kind', width: 100, render: (k: Participant['kind']) => t(`kind.${k}`) },
          { title: t('p.uscc'), dataIndex: 'uscc', width: 190 },
          { title: t('p.description'), dataIndex: 'description', ellipsis: true },
          ...(manages
            ? [
                { title: t('p.contact'), key: 'contact', width: 160, render: (_: unknown, p: Participant) => [p.contact_name, p.contact_phone].filter(Boolean).join(' ') },
                { title: t('p.code'), dataIndex: 'code', width: 100 },
              ]
            : []),
          { title: t('p.checkedIn'), dataIndex: 'checked_in_at', width: 80, render: (c: string | null) => (c ? '✓' : '') },
          ...(manages ? [{ title: t('p.agenda'), key: 'agenda', width: 80, render: (_: unknown, p: Participant) => <Link to={`/events/${id}/agenda/${p.id}`}>{t('p.agenda')}</Link> }] : []),
          ...(manages ? [{ title: t('link.title'), key: 'link', width: 100, render: (_: unknown, p: Participant) => <RenewLink id={id} p={p} t={t} /> }] : []),
        ]}
      />
      {canRegister && (
        <Card size="small" title={t('p.register')} style={{ marginTop: 16, maxWidth: 640 }}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ kind: 'enterprise' }}
            onFinish={(v) => void act(() => eventsApi.register(id, { ...v, uscc: v.uscc || null }), form).then((ok) => ok && form.resetFields())}
          >
            <Form.Item name="kind" label={t('p.kind')}>
              <Select options={(['enterprise', 'association', 'investor', 'government'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="name" label={t('p.name')} rules={[{ required: true }]}>
              <Input data-testid="participant-name" />
            </Form.Item>
            <Form.Item name="uscc" label={t('p.uscc')}>
              <Input data-testid="participant-uscc" />
            </Form.Item>
            <Form.Item name="contactName" label={t('p.contact')}>
              <Input />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('p.phone')}>
              <Input />
            </Form.Item>
            <Form.Item name="description" label={t('p.description')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="participant-submit">
              {t('form.save')}
            </Button>
          </Form>
        </Card>
      )}
      {manages && <InviteIntermediary id={id} act={act} />}
    </div>
  );
}

/** The page's language as the chain names want it. */
const useLang = () => (useLocale() === 'zh-CN' ? 'zh' : 'en');
/**
 * An organiser makes a participant's personal link anew (the old one stops working) and copies it to send on: only
 * the link's hash is kept, so a link is shown once, when made.
 */
function RenewLink({ id, p, t }: { id: string; p: Participant; t: T }) {
  const feedback = useFeedback();
  const [made, setMade] = useState<string | null>(null);
  const renew = async () => {
    if (!window.confirm(t('link.confirm'))) return;
    try {
      const { token } = await eventsApi.renewLink(id, p.id);
      setMade(`${window.location.origin}${linkPath(id, token)}`);
    } catch (e) {
      feedback.error(e);
    }
  };
  return (
    <>
      <Button size="small" type="link" onClick={() => void renew()} data-testid="renew-link">
        {t('link.renew')}
      </Button>
      <Modal open={made !== null} onCancel={() => setMade(null)} footer={null} title={t('link.made', { name: p.name })}>
        <Typography.Text copyable code data-testid="renewed-link">
          {made}
        </Typography.Text>
      </Modal>
    </>
  );
}

function OffersTab({ d, t }: TabProps) {
  const names = nameMap(d);
  const lang = useLang();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={d.offers}
      locale={{ emptyText: t('o.none') }}
      columns={[
        { title: t('o.kind'), dataIndex: 'kind', width: 60, render: (k: 'offer' | 'need') => <Tag color={k === 'offer' ? 'blue' : 'orange'}>{t(`o.${k}`)}</Tag> },
        { title: t('o.title'), dataIndex: 'title' },
        { title: t('o.who'), dataIndex: 'participant_id', render: (p: string) => names.get(p) },
        { title: t('o.segment'), key: 'seg', render: (_, o) => segmentLabel(o, d.segment_names, lang) },
        { title: t('o.products'), dataIndex: 'products', render: (p: string[]) => p.join('、') },
      ]}
    />
  );
}

function RequestsTab({ d, t, id, act }: TabProps) {
  const names = nameMap(d);
  const mine = new Set(d.myParticipantIds);
  const manages = d.abilities.includes('manage');
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={d.requests}
      locale={{ emptyText: t('r.none') }}
      data-testid="requests-table"
      columns={[
        { title: t('r.from'), dataIndex: 'from_id', render: (p: string) => names.get(p) },
        { title: t('r.to'), dataIndex: 'to_id', render: (p: string) => names.get(p) },
        { title: t('r.priority'), dataIndex: 'priority', width: 90, render: (p: 'must' | 'nice') => t(`r.${p}`) },
        { title: t('r.message'), dataIndex: 'message', ellipsis: true },
        { title: t('r.status'), dataIndex: 'status', width: 90, render: (s: 'requested' | 'accepted' | 'declined' | 'cancelled') => t(`r.${s}`) },
        {
          key: 'act',
          width: 160,
          render: (_, r) => (
            <Space>
              {r.status === 'requested' && (manages || mine.has(r.to_id)) && (
                <>
                  <Button size="small" type="primary" onClick={() => void act(() => eventsApi.decide(id, r.id, 'accept'))} data-testid="accept-request">
                    {t('r.accept')}
                  </Button>
                  <Button size="small" onClick={() => void act(() => eventsApi.decide(id, r.id, 'decline'))}>
                    {t('r.decline')}
                  </Button>
                </>
              )}
              {(r.status === 'requested' || r.status === 'accepted') && (manages || mine.has(r.from_id)) && (
                <Button size="small" danger onClick={() => void act(() => eventsApi.decide(id, r.id, 'cancel'))}>
                  {t('r.cancel')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

function ScheduleTab({ d, t, id, manages, act }: TabProps) {
  const names = nameMap(d);
  const [result, setResult] = useState<ScheduleResult | null>(null);
  const slotLabel = new Map(d.slots.map((s) => [s.id, s.label]));
  const live = d.meetings.filter((m) => m.status !== 'cancelled');
  const at = new Map(live.filter((m) => m.slot_id).map((m) => [`${m.slot_id}/${m.table_id}`, m]));
  const unplaced = live.filter((m) => !m.slot_id);
  const run = () =>
    act(async () => {
      setResult(await eventsApi.schedule(id));
    });
  const place = (p: { slot: string; table: number } | null) => (p ? `${slotLabel.get(p.slot)} ${t('s.table', { n: p.table })}` : t('s.dropped'));
  return (
    <div>
      {manages && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => void run()} data-testid="run-schedule">
            {t('s.run')}
          </Button>
          {result && <Typography.Text data-testid="schedule-result">{t('s.result', { n: result.scheduled, u: result.unscheduled.length, b: result.bound ?? '—' })}</Typography.Text>}
        </Space>
      )}
      {result && result.moved.length > 0 && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('s.moved')}
          description={result.moved.map((m) => <div key={m.meetingId}>{t('s.movedLine', { names: m.names.join(' — '), from: place(m.from), to: place(m.to) })}</div>)}
        />
      )}
      <div style={{ overflowX: 'auto' }}>
        <table className="event-grid" data-testid="schedule-grid" style={{ borderCollapse: 'collapse', fontSize: 12 }}>
          <thead>
            <tr>
              <th style={cell}>{t('s.slot')}</th>
              {d.tables.map((tb) => (
                <th key={tb.id} style={cell}>
                  {t('s.table', { n: tb.number })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.slots.map((s) => (
              <tr key={s.id}>
                <th style={cell}>{s.label}</th>
                {d.tables.map((tb) => {
                  const m = at.get(`${s.id}/${tb.id}`);
                  return (
                    <td key={tb.id} style={{ ...cell, minWidth: 120, background: m ? '#e6f4ff' : undefined }}>
                      {m && `${names.get(m.a_id)} — ${names.get(m.b_id)}`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {unplaced.length > 0 && (
        <List size="small" header={t('s.unplacedList')} dataSource={unplaced} renderItem={(m) => <List.Item>{`${names.get(m.a_id)} — ${names.get(m.b_id)}`}</List.Item>} style={{ marginTop: 12 }} />
      )}
    </div>
  );
}
const cell = { border: '1px solid #d9d9d9', padding: '4px 8px', textAlign: 'left' as const };

function CheckInTab({ d, t, id, act }: TabProps) {
  const [code, setCode] = useState('');
  const [last, setLast] = useState<string | null>(null);
  const registered = d.participants.filter((p) => p.status === 'registered');
  const submit = (given: string) =>
    act(async () => {
      const r = await eventsApi.checkIn(id, given);
      setLast(t(r.already ? 'c.already' : 'c.done', { name: r.participant.name }));
      setCode('');
    });
  return (
    <div style={{ maxWidth: 480 }}>
      <Typography.Paragraph>{t('c.count', { n: registered.filter((p) => p.checked_in_at).length, total: registered.length })}</Typography.Paragraph>
      <QrScanner t={t} onCode={(scanned) => void submit(scanned)} />
      <Space.Compact style={{ width: '100%' }}>
        <Input placeholder={t('c.code')} value={code} onChange={(e) => setCode(e.target.value)} onPressEnter={() => code.trim() && void submit(code.trim())} autoFocus data-testid="checkin-code" />
        <Button type="primary" disabled={!code.trim()} onClick={() => void submit(code.trim())} data-testid="checkin-submit">
          {t('c.submit')}
        </Button>
      </Space.Compact>
      {last && <Alert type="success" title={last} style={{ marginTop: 12 }} data-testid="checkin-result" />}
    </div>
  );
}

function OutcomesTab({ d, t, id, act }: TabProps) {
  const names = nameMap(d);
  const slotLabel = new Map(d.slots.map((s) => [s.id, s.label]));
  const outcomeOf = new Map(d.outcomes.map((o) => [o.meeting_id, o]));
  const [editing, setEditing] = useState<string | null>(null);
  const lang = useLang();
  // In the day's order (unplaced last), as the organiser walks the hall, not in the order the meetings were made.
  const slotOrder = new Map(d.slots.map((s, i) => [s.id, i]));
  const live = d.meetings
    .filter((m) => m.status !== 'cancelled')
    .sort((a, b) => (a.slot_id === null ? Number.MAX_SAFE_INTEGER : (slotOrder.get(a.slot_id) ?? Number.MAX_SAFE_INTEGER)) - (b.slot_id === null ? Number.MAX_SAFE_INTEGER : (slotOrder.get(b.slot_id) ?? Number.MAX_SAFE_INTEGER)));
  const current = editing ? outcomeOf.get(editing) : undefined;
  const editingMeeting = editing ? live.find((m) => m.id === editing) : undefined;
  return (
    <div>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={live}
        locale={{ emptyText: t('out.noMeetings') }}
        data-testid="outcomes-table"
        columns={[
          { title: t('s.slot'), dataIndex: 'slot_id', width: 120, render: (s: string | null) => (s ? slotLabel.get(s) : t('m.unplaced')) },
          { title: t('agenda.with'), key: 'who', render: (_, m) => `${names.get(m.a_id)} — ${names.get(m.b_id)}` },
          { title: t('col.status'), dataIndex: 'status', width: 90, render: (s: 'planned' | 'held' | 'no_show' | 'cancelled') => t(`m.${s}`) },
          {
            title: t('out.kind'),
            key: 'outcome',
            width: 280,
            render: (_, m) => {
              const o = outcomeOf.get(m.id);
              return o ? [`${t(`out.${o.kind}`)}${o.amount ? ` ${t('out.amountValue', { amount: o.amount.toLocaleString() })}` : ''}`, segmentLabel(o, d.segment_names, lang), o.project_id ? t('out.project') : ''].filter(Boolean).join(' · ') : '';
            },
          },
          {
            key: 'act',
            width: 220,
            render: (_, m) => (
              <Space>
                {m.status === 'planned' && (
                  <>
                    <Button size="small" onClick={() => void act(() => eventsApi.attendance(id, m.id, { status: 'held' }))}>
                      {t('c.markHeld')}
                    </Button>
                    <Button size="small" onClick={() => void act(() => eventsApi.attendance(id, m.id, { status: 'no_show' }))}>
                      {t('c.markNoShow')}
                    </Button>
                  </>
                )}
                <Button size="small" type="link" onClick={() => setEditing(m.id)} data-testid="outcome-record">
                  {t(outcomeOf.has(m.id) ? 'out.edit' : 'out.record')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && editingMeeting && (
        <OutcomeForm
          key={editing}
          d={d}
          t={t}
          id={id}
          act={act}
          meetingId={editing}
          title={`${t(current ? 'out.edit' : 'out.record')}：${names.get(editingMeeting.a_id)} — ${names.get(editingMeeting.b_id)}`}
          current={current}
          close={() => setEditing(null)}
        />
      )}
    </div>
  );
}

/**
 * What came of one meeting: the kind, the amount, the chain and segment picked from the atlas, a note, and for a signed
 * contract the ledger task and the project's name. Opens with the meeting's recorded outcome, if any.
 */
function OutcomeForm({ d, t, id, act, meetingId, title, current, close }: Omit<TabProps, 'manages'> & { meetingId: string; title: string; current: EventDetail['outcomes'][number] | undefined; close: () => void }) {
  const [form] = Form.useForm();
  return (
    <Card size="small" title={title} style={{ marginTop: 16, maxWidth: 560 }} data-testid="outcome-form">
      <Form
        form={form}
        layout="vertical"
        initialValues={
          current
            ? { kind: current.kind, amount: current.amount, chainKey: current.chain_key ?? undefined, segmentKey: current.segment_key ?? undefined, note: current.note ?? undefined, taskId: d.event.task_id }
            : { kind: 'intention', amount: 0, taskId: d.event.task_id }
        }
        onFinish={(v) => void act(() => eventsApi.outcome(id, meetingId, { ...v, amount: v.amount ?? 0, chainKey: v.chainKey || null, segmentKey: v.segmentKey || null, taskId: v.taskId || null }), form).then((ok) => ok && close())}
      >
        <Form.Item name="kind" label={t('out.kind')}>
          <Select options={(['intention', 'agreement', 'signed'] as const).map((k) => ({ value: k, label: t(`out.${k}`) }))} data-testid="outcome-kind" />
        </Form.Item>
        <Form.Item name="amount" label={t('out.amount')}>
          <InputNumber min={0} style={{ width: 200 }} data-testid="outcome-amount" />
        </Form.Item>
        <ChainSegmentFields form={form} t={t} region={d.event.region_code} labels testId="outcome" />
        <Form.Item name="note" label={t('out.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="taskId" label={t('out.taskId')}>
          <TaskPicker eventId={id} t={t} />
        </Form.Item>
        <Form.Item name="projectName" label={t('out.projectName')}>
          <Input />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="outcome-save">
            {t('form.save')}
          </Button>
          <Button onClick={close}>{t('form.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** A participant's own view (by its account): the same tools as its personal link's page, and a link to its agenda. */
function MineTab({ d, t, id, act }: TabProps) {
  const [as, setAs] = useState(d.myParticipantIds[0]!);
  const me = d.participants.find((p) => p.id === as);
  if (!me) return null;
  return (
    <ParticipantSelf
      key={as}
      d={d}
      t={t}
      me={as}
      act={act}
      actions={accountApi(id, as)}
      queryKey={['event-recs', id, as]}
      header={
        <>
          {d.myParticipantIds.length > 1 && <Select value={as} onChange={setAs} options={d.myParticipantIds.map((p) => ({ value: p, label: nameMap(d).get(p) }))} />}
          <Space>
            <Typography.Text strong>{me.name}</Typography.Text>
            {me.code && <Typography.Text code>{me.code}</Typography.Text>}
            <Link to={`/events/${id}/agenda/${as}`} data-testid="my-agenda">
              {t('p.agenda')}
            </Link>
          </Space>
        </>
      }
    />
  );
}
