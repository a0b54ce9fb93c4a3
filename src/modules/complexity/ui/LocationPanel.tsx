import { useMemo, useState } from 'react';
import { Card, Col, Empty, Flex, Row, Segmented, Select, Statistic, Typography } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useMessages } from '../../../web/i18n.ts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { complexityMessages } from './complexity.messages.ts';
import type { OpportunitySort, RankedLocation } from './complexity.api.ts';
import { complexityQueries } from './complexity.queries.ts';
import { opportunityOption, productSpaceOption } from './complexity.charts.ts';
import { EChart } from '../../../web/components/EChart.tsx';
import { OpportunityTable } from './OpportunityTable.tsx';
import { locationOptions } from './location-options.ts';

/** How many of the top opportunities the charts pick out. */
const HIGHLIGHT = 10;

/** One location: its indices, its product space, its opportunity chart and the table of its top opportunities. */
export function LocationPanel(props: { analysisId: string; period: string; location: string | null; locations: RankedLocation[]; onLocation: (location: string) => void; fromAtlas: boolean; mayTarget: boolean }) {
  const { analysisId, period, location, locations, onLocation, fromAtlas, mayTarget } = props;
  const t = useMessages(complexityMessages);
  const isPhone = useIsPhone();
  const [sizeBy, setSizeBy] = useState<'value' | 'ubiquity'>('value');
  const [yAxis, setYAxis] = useState<'pci' | 'cog'>('pci');
  const [sort, setSort] = useState<OpportunitySort>('balanced');
  const [limit, setLimit] = useState(20);

  // Nothing is asked before a location is chosen; a new choice keeps the last answer on screen until its own arrives.
  const keep = { enabled: Boolean(location), placeholderData: keepPreviousData };
  const profile = useQuery({ ...complexityQueries.profile(analysisId, location ?? '', period), ...keep });
  const space = useQuery({ ...complexityQueries.space(analysisId, location ?? '', period), ...keep });
  const opportunities = useQuery({ ...complexityQueries.opportunities(analysisId, { location: location ?? '', period, sort, limit }), ...keep });
  const top = useMemo(() => new Set((opportunities.data?.items ?? []).slice(0, HIGHLIGHT).map((p) => p.product)), [opportunities.data]);
  const spaceOption = useMemo(() => (space.data ? productSpaceOption(space.data, top, sizeBy, t, isPhone) : null), [space.data, top, sizeBy, t, isPhone]);
  const scatterOption = useMemo(() => (profile.data ? opportunityOption(profile.data.products, top, yAxis, t) : null), [profile.data, top, yAxis, t]);

  const picker = (
    <Select
      showSearch
      optionFilterProp="label"
      value={location ?? undefined}
      placeholder={t('analysis.chooseLocation')}
      onChange={onLocation}
      options={locationOptions(locations)}
      style={{ width: isPhone ? '100%' : 280 }}
      data-testid="location-select"
    />
  );
  if (!location) {
    return (
      <Flex vertical gap={16}>
        {picker}
        <Empty description={t('analysis.pickHint')} />
      </Flex>
    );
  }
  const error = profile.error ?? space.error;
  const summary = profile.data?.location;
  const chartHeight = isPhone ? 360 : 460;
  return (
    <Flex vertical gap={16}>
      <Flex gap={16} wrap align="center">
        {picker}
      </Flex>
      {error ? <Typography.Text type="danger">{errorText(error)}</Typography.Text> : null}
      <Card size="small" loading={!summary} data-testid="location-summary">
        {summary ? (
          <Row gutter={[16, 8]}>
            <Col xs={12} md={6}>
              <Statistic title={t('location.eci')} value={summary.eci ?? '—'} precision={summary.eci === null ? undefined : 3} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('location.rank')} value={summary.rank ?? '—'} suffix={summary.rank === null ? undefined : `/ ${summary.of}`} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('location.diversity')} value={summary.diversity} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('location.coi')} value={summary.coi ?? '—'} precision={summary.coi === null ? undefined : 3} />
            </Col>
          </Row>
        ) : null}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('space.title')}
            extra={
              <Segmented
                size="small"
                value={sizeBy}
                onChange={(v) => setSizeBy(v as 'value' | 'ubiquity')}
                options={[
                  { value: 'value', label: t('space.byValue') },
                  { value: 'ubiquity', label: t('space.byUbiquity') },
                ]}
              />
            }
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('space.help')}
            </Typography.Paragraph>
            {spaceOption ? <EChart option={spaceOption} height={chartHeight} testId="product-space" /> : <div style={{ height: chartHeight }} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('opportunity.title')}
            extra={
              <Segmented
                size="small"
                value={yAxis}
                onChange={(v) => setYAxis(v as 'pci' | 'cog')}
                options={[
                  { value: 'pci', label: 'PCI' },
                  { value: 'cog', label: 'COG' },
                ]}
                aria-label={t('opportunity.yAxis')}
              />
            }
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('opportunity.help')}
            </Typography.Paragraph>
            {scatterOption ? <EChart option={scatterOption} height={chartHeight} testId="opportunity-chart" /> : <div style={{ height: chartHeight }} />}
          </Card>
        </Col>
      </Row>
      <OpportunityTable
        analysisId={analysisId}
        period={period}
        location={location}
        opportunities={opportunities}
        sort={sort}
        onSort={setSort}
        limit={limit}
        onLimit={setLimit}
        fromAtlas={fromAtlas}
        mayTarget={mayTarget}
        locationLabel={locations.find((l) => l.location === location)?.label}
      />
    </Flex>
  );
}
