import { useMemo, useState } from 'react';
import { Card, Col, Flex, Input, InputNumber, Row, Table, Typography, type TableColumnsType } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import type { UseQueryResult } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { complexityMessages } from './complexity.messages.ts';
import type { RankedLocation, Ranking } from './complexity.api.ts';
import { aboveThreshold, formatNumber, formatTotal, rankingOption } from './complexity.charts.ts';
import { EChart } from '../../../web/components/EChart.tsx';
import { ActionLink } from '../../../web/components/ActionLink.tsx';

/** The ECI ranking of a period: bars (25 at a time) beside a searchable table; a click on either picks a location. */
export function RankingPanel({
  ranking,
  selected,
  onSelect,
  minTotal,
  onMinTotal,
}: {
  ranking: UseQueryResult<Ranking>;
  selected: string | null;
  onSelect: (location: string) => void;
  /** A size threshold as the Atlas of Economic Complexity uses (total value), so tiny territories do not fill the top; the page's export uses it too. */
  minTotal: number | null;
  onMinTotal: (minTotal: number | null) => void;
}) {
  const t = useMessages(complexityMessages);
  const locale = useLocale();
  const isPhone = useIsPhone();
  const [query, setQuery] = useState('');
  const all = useMemo(() => ranking.data?.locations ?? [], [ranking.data]);
  const { kept: locations, left } = useMemo(() => aboveThreshold(all, minTotal), [all, minTotal]);
  const option = useMemo(() => rankingOption(locations, selected, isPhone ? 15 : 25), [locations, selected, isPhone]);
  const q = query.trim().toLowerCase();
  const shown = q ? locations.filter((l) => l.location.toLowerCase().includes(q) || !!l.label?.toLowerCase().includes(q)) : locations;

  const columns: TableColumnsType<RankedLocation> = [
    { title: t('col.rank'), dataIndex: 'rank', width: 52, render: (r: number | null) => r ?? '—' },
    { title: t('col.location'), dataIndex: 'location', render: (name: string, row) => (
        <ActionLink
          onClick={(e) => {
            e.stopPropagation();
            onSelect(name);
          }}
        >
          {row.label ? `${row.label} · ${name}` : name}
        </ActionLink>
      ),
    },
    { title: t('col.eci'), dataIndex: 'eci', width: 72, align: 'right', render: (v: number | null) => formatNumber(v) },
    ...(isPhone
      ? []
      : ([
          { title: t('col.coi'), dataIndex: 'coi', width: 72, align: 'right', render: (v: number | null) => formatNumber(v) },
          { title: t('col.diversity'), dataIndex: 'diversity', width: 64, align: 'right' },
          { title: t('col.total'), dataIndex: 'total', width: 96, align: 'right', render: (v: number) => formatTotal(v, locale) },
        ] satisfies TableColumnsType<RankedLocation>)),
  ];

  if (ranking.error) return <Typography.Text type="danger">{errorText(ranking.error)}</Typography.Text>;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('ranking.chart')}>
          <EChart option={option} height={isPhone ? 420 : 560} onClick={(c) => onSelect(c.name)} testId="ranking-chart" />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small">
          <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
            <Input.Search allowClear placeholder={t('ranking.search')} onChange={(e) => setQuery(e.target.value)} style={{ maxWidth: 280 }} data-testid="ranking-search" />
            <InputNumber<number>
              min={0}
              value={minTotal}
              onChange={(v) => onMinTotal(v ?? null)}
              placeholder={t('ranking.minTotal')}
              aria-label={t('ranking.minTotal')}
              style={{ width: 200 }}
              data-testid="ranking-min-total"
            />
          </Flex>
          {left ? (
            <Typography.Paragraph type="secondary" data-testid="ranking-threshold-note">
              {t('ranking.thresholdNote', { min: formatTotal(minTotal ?? 0, locale), count: left })}
            </Typography.Paragraph>
          ) : null}
          <Table<RankedLocation>
            rowKey="location"
            size="small"
            columns={columns}
            dataSource={shown}
            loading={ranking.isFetching}
            pagination={{ pageSize: 15, showSizeChanger: false, size: 'small' }}
            rowClassName={(l) => (l.location === selected ? 'ant-table-row-selected' : '')}
            onRow={(l) => ({ onClick: () => onSelect(l.location), style: { cursor: 'pointer' } })}
            data-testid="ranking-table"
          />
        </Card>
      </Col>
    </Row>
  );
}
