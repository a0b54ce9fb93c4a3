import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { atlasApi, type Match } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { useRegionName } from './RegionPicker.tsx';

type Line = Match['suppliers'][number];

/**
 * 成龙配套 for one enterprise, asked for on demand: suppliers in its upstream segments and customers downstream, ranked
 * by closeness (km, with the usual 100–150 km radius), size and tags, as the API ranks them, with its formula.
 */
export function EnterpriseMatch({ uscc }: { uscc: string }) {
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const regionName = useRegionName();
  const [asked, setAsked] = useState(false);
  const match = useQuery({ queryKey: ['atlas', 'match', uscc], queryFn: () => atlasApi.match(uscc, 10), enabled: asked, retry: false });
  const columns: TableColumnsType<Line> = [
    {
      title: t('match.col.enterprise'),
      key: 'name',
      render: (_, l) => (
        <Space direction="vertical" size={0}>
          <span>{l.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {regionName(l.regionCode)} · {t(`match.band.${l.band}`)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('match.col.segment'), key: 'segment', width: 120, render: (_, l) => l.segment.name },
    {
      title: t('match.col.distance'),
      key: 'km',
      width: 110,
      render: (_, l) => (
        <Space direction="vertical" size={0}>
          <span>{l.km === null ? '—' : t('match.km', { km: Math.round(l.km) })}</span>
          {l.withinRadius ? <Tag color="green">{t('match.within')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('match.col.score'), dataIndex: 'score', width: 60, render: (v: number) => v.toFixed(1) },
  ];
  const table = (rows: Line[], testId: string) => (
    <Table<Line> size="small" rowKey={(l) => `${l.uscc ?? l.name}|${l.chain.id}|${l.segment.key}`} dataSource={rows} columns={columns} pagination={false} locale={{ emptyText: t('match.none') }} data-testid={testId} />
  );
  const m = match.data;
  return (
    <div data-testid="enterprise-match">
      <Typography.Title level={5}>{t('match.title')}</Typography.Title>
      {!asked ? (
        <Button onClick={() => setAsked(true)} data-testid="enterprise-match-load">
          {t('match.load')}
        </Button>
      ) : null}
      {match.isLoading ? <Typography.Text type="secondary">…</Typography.Text> : null}
      {match.error ? <Alert type="error" showIcon title={errorText(match.error)} /> : null}
      {m ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {t('match.radius', { min: m.radiusKm.min, max: m.radiusKm.max, how: t(`match.located.${m.enterprise.located}`) })}
          </Typography.Text>
          <Typography.Text type="secondary">{bi(m.formula)}</Typography.Text>
          <Typography.Text strong>{t('match.suppliers', { count: m.suppliers.length })}</Typography.Text>
          {table(m.suppliers, 'match-suppliers')}
          <Typography.Text strong>{t('match.customers', { count: m.customers.length })}</Typography.Text>
          {table(m.customers, 'match-customers')}
        </Space>
      ) : null}
    </div>
  );
}
