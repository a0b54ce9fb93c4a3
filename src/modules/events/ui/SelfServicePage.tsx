import { useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Result, Space, Table, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { ApiError, errorText } from '../../../web/api.ts';
import { downloadFile } from '../../../web/files.ts';
import { useBusyAction, useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { WithQueryClient } from './query.tsx';
import { eventMessages } from './events.messages.ts';
import { linkApi, type AgendaData } from './events.api.ts';
import { ParticipantSelf } from './ParticipantSelf.tsx';

/** A participant's own page, opened by its personal link (no account): its offers and needs, meetings and agenda. */
export default function SelfServicePage() {
  return (
    <WithQueryClient>
      <SelfService />
    </WithQueryClient>
  );
}

function SelfService() {
  const { id, token } = useParams() as { id: string; token: string };
  const t = useMessages(eventMessages);
  const feedback = useFeedback();
  const client = useQueryClient();
  const [busy, run] = useBusyAction();
  const actions = linkApi(id, token);
  const view = useQuery({ queryKey: ['event-self', id, token], queryFn: actions.view, retry: false });
  const agenda = useQuery({ queryKey: ['event-self', id, token, 'agenda'], queryFn: actions.agenda, retry: false, enabled: Boolean(view.data) });
  const act = async (work: () => Promise<unknown>, form?: Parameters<typeof feedback.error>[1]) => {
    try {
      await work();
      await client.invalidateQueries({ queryKey: ['event-self', id, token] });
      return true;
    } catch (e) {
      feedback.error(e, form);
      return false;
    }
  };
  const shell = (children: React.ReactNode) => <div style={{ maxWidth: 960, margin: '32px auto', padding: '0 16px' }}>{children}</div>;
  if (view.error) {
    const missing = view.error instanceof ApiError && view.error.status === 404;
    return shell(<Result status={missing ? '404' : 'error'} title={missing ? t('self.notFound') : errorText(view.error)} data-testid="self-refused" />);
  }
  const d = view.data;
  if (!d) return null;
  const me = d.participants.find((p) => p.id === d.me)!;
  return shell(
    <ParticipantSelf
      d={d}
      t={t}
      me={d.me}
      act={act}
      actions={actions}
      queryKey={['event-self', id, token]}
      header={
        <>
          <Typography.Title level={3} data-testid="self-title">
            {t('self.title', { name: me.name })}
          </Typography.Title>
          <Typography.Paragraph>
            {d.event.name} · {d.event.starts_on} · {d.event.venue ?? ''}
            {me.code && <Typography.Text code style={{ marginLeft: 8 }}>{me.code}</Typography.Text>}
          </Typography.Paragraph>
          <Alert type="info" showIcon title={t('self.keep')} />
          <AgendaCard t={t} a={agenda.data} busy={busy} onIcs={() => void run(() => downloadFile(actions.icsPath, 'agenda.ics'))} printHref={`/events/${id}/self/${token}/agenda`} />
        </>
      }
    />,
  );
}

function AgendaCard({ t, a, busy, onIcs, printHref }: { t: ReturnType<typeof useMessages<typeof eventMessages>>; a: AgendaData | undefined; busy: boolean; onIcs: () => void; printHref: string }) {
  return (
    <div data-testid="self-agenda">
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('p.agenda')}</Typography.Text>
        <Button size="small" icon={<DownloadOutlined />} loading={busy} onClick={onIcs} data-testid="self-ics">
          {t('agenda.ics')}
        </Button>
        <Button size="small" icon={<PrinterOutlined />} href={printHref} target="_blank" data-testid="self-print">
          {t('self.printable')}
        </Button>
      </Space>
      <Table<AgendaData['items'][number]>
        rowKey="meeting_id"
        size="small"
        pagination={false}
        dataSource={a?.items ?? []}
        locale={{ emptyText: t('agenda.none') }}
        columns={[
          { title: t('s.slot'), dataIndex: 'slot_label', width: 140, render: (l: string | null) => l ?? t('m.unplaced') },
          { title: t('agenda.table'), dataIndex: 'table_number', width: 110, render: (n: number | null) => (n === null ? '—' : t('s.table', { n })) },
          { title: t('agenda.with'), dataIndex: 'other_name' },
        ]}
      />
    </div>
  );
}
