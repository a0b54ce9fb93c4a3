import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Space, Table, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { downloadFile } from '../../../web/files.ts';
import { useBusyAction } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { Loading, WithQueryClient } from './query.tsx';
import { eventMessages } from './events.messages.ts';
import { accountApi, linkApi, type AgendaData } from './events.api.ts';

/** A participant's printable agenda: meetings by slot with table numbers, the check-in QR code, and the .ics download. */
export default function AgendaPage() {
  return (
    <WithQueryClient>
      <Agenda />
    </WithQueryClient>
  );
}

function Agenda() {
  // By a participant's personal link (/events/:id/self/:token/agenda) or by an account (/events/:id/agenda/:pid).
  const { id, pid, token } = useParams() as { id: string; pid?: string; token?: string };
  const actions = token ? linkApi(id, token) : accountApi(id, pid!);
  const t = useMessages(eventMessages);
  const [busy, run] = useBusyAction();
  const agenda = useQuery({ queryKey: ['event-agenda', id, pid ?? token], queryFn: actions.agenda });
  const [qr, setQr] = useState<string | null>(null);
  const code = agenda.data?.participant.code;
  useEffect(() => {
    if (!code) return;
    void import('qrcode').then((q) => q.toDataURL(code, { margin: 1, width: 160 })).then(setQr);
  }, [code]);
  const a = agenda.data;
  if (!a) return <Loading error={agenda.error} />;
  return (
    <div style={{ maxWidth: 820 }}>
      <Space className="no-print" style={{ marginBottom: 12 }}>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('agenda.print')}
        </Button>
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run(() => downloadFile(actions.icsPath, 'agenda.ics'))}>
          {t('agenda.ics')}
        </Button>
      </Space>
      <Typography.Title level={3}>{a.event.name}</Typography.Title>
      <Space align="start" style={{ justifyContent: 'space-between', width: '100%' }}>
        <div>
          <Typography.Title level={4} data-testid="agenda-title">
            {t('agenda.title', { name: a.participant.name })}
          </Typography.Title>
          <Typography.Text>
            {a.event.starts_on} {a.event.venue ?? ''}
          </Typography.Text>
        </div>
        <div style={{ textAlign: 'center' }}>
          {qr && <img src={qr} alt={a.participant.code} width={120} height={120} data-testid="agenda-qr" />}
          <div>
            <Typography.Text code>{a.participant.code}</Typography.Text>
          </div>
          <Typography.Text type="secondary">{t('agenda.qr')}</Typography.Text>
        </div>
      </Space>
      {a.items.length === 0 ? (
        <Empty description={t('agenda.none')} />
      ) : (
        <Table<AgendaData['items'][number]>
          rowKey="meeting_id"
          pagination={false}
          dataSource={a.items}
          data-testid="agenda-table"
          columns={[
            { title: t('s.slot'), dataIndex: 'slot_label', width: 140, render: (l: string | null) => l ?? t('m.unplaced') },
            { title: t('agenda.table'), dataIndex: 'table_number', width: 110, render: (n: number | null) => (n === null ? '—' : t('s.table', { n })) },
            { title: t('agenda.with'), dataIndex: 'other_name' },
            { title: t('col.status'), dataIndex: 'status', width: 90, render: (s: AgendaData['items'][number]['status']) => t(`m.${s}`) },
          ]}
        />
      )}
    </div>
  );
}
