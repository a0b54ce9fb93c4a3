import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Statistic, Table } from 'antd';
import { DownloadOutlined, FileWordOutlined } from '@ant-design/icons';
import { EChart } from '../../../web/components/EChart.tsx';
import { downloadFile } from '../../../web/files.ts';
import { useBusyAction } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { Loading } from './query.tsx';
import { eventMessages } from './events.messages.ts';
import { eventsApi } from './events.api.ts';

/** The event report: registrations, requests, meetings, outcomes and amounts (charts, loaded lazily), segments touched, Excel and Word (公文) export. */
export default function EventReport({ id }: { id: string }) {
  const t = useMessages(eventMessages);
  const [busy, run] = useBusyAction();
  const report = useQuery({ queryKey: ['event-report', id], queryFn: () => eventsApi.report(id) });
  const en = useLocale() !== 'zh-CN';
  const r = report.data;
  if (!r) return <Loading error={report.error} />;
  const signed = r.outcomes.find((o) => o.kind === 'signed');
  return (
    <div>
      <Space wrap style={{ width: '100%', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run(() => downloadFile(`/api/events/${id}/report.xlsx`, 'report.xlsx'))}>
          {t('rep.export')}
        </Button>
        <Button icon={<FileWordOutlined />} loading={busy} onClick={() => void run(() => downloadFile(`/api/events/${id}/report.docx`, 'report.docx'))} data-testid="report-docx">
          {t('rep.exportWord')}
        </Button>
      </Space>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} sm={8} lg={4}><Statistic title={t('rep.registrations')} value={r.registrations.total} /></Col>
        <Col xs={12} sm={8} lg={4}><Statistic title={t('rep.checkedIn')} value={r.registrations.checked_in} /></Col>
        <Col xs={12} sm={8} lg={4}><Statistic title={t('rep.requests')} value={r.requests.total} /></Col>
        <Col xs={12} sm={8} lg={4}><Statistic title={t('rep.meetings')} value={r.meetings.total} /></Col>
        <Col xs={12} sm={8} lg={4}><Statistic title={t('rep.amount')} value={signed?.amount ?? 0} /></Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card size="small" title={t('rep.meetings')}>
            <EChart
              height={240}
              option={{
                tooltip: {},
                series: [{ type: 'pie', radius: '65%', data: Object.entries(r.meetings.by_status).map(([k, n]) => ({ name: t(`m.${k as 'planned'}`), value: n })) }],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('rep.outcomes')}>
            <EChart
              height={240}
              option={{
                tooltip: {},
                xAxis: { type: 'category', data: r.outcomes.map((o) => t(`out.${o.kind}`)) },
                yAxis: [{ type: 'value' }, { type: 'value' }],
                series: [
                  { type: 'bar', name: t('rep.count'), data: r.outcomes.map((o) => o.count) },
                  { type: 'bar', name: t('out.amount'), yAxisIndex: 1, data: r.outcomes.map((o) => o.amount) },
                ],
              }}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('rep.segments')} style={{ marginTop: 16 }}>
        <Table
          rowKey={(s) => `${s.chain_key}/${s.segment_key}`}
          size="small"
          pagination={false}
          dataSource={r.segments}
          locale={{ emptyText: t('rep.noSegments') }}
          data-testid="report-segments"
          columns={[
            { title: t('o.chain'), key: 'chain', render: (_, s) => (en ? s.chain_name_en : s.chain_name) },
            { title: t('o.segment'), key: 'segment', render: (_, s) => (en ? s.segment_name_en : s.segment_name) },
            { title: t('o.offer'), dataIndex: 'offers', width: 60 },
            { title: t('o.need'), dataIndex: 'needs', width: 60 },
            { title: t('out.kind'), dataIndex: 'outcomes', width: 60 },
            { title: t('out.amount'), dataIndex: 'amount', width: 120 },
          ]}
        />
      </Card>
    </div>
  );
}
