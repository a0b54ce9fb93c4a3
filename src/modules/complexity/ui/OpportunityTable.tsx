import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, Segmented, Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { FileExcelOutlined, FileTextOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import type { UseQueryResult } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { complexityMessages } from './complexity.messages.ts';
import { complexityApi, downloadFile, OPPORTUNITY_SORTS, type Opportunities, type Opportunity, type OpportunitySort } from './complexity.api.ts';
import { formatNumber, formatTotal } from './complexity.charts.ts';
import { OpportunityTargetsButton } from './OpportunityTargets.tsx';

const LIMITS = [20, 50, 100];

/**
 * A location's top opportunities in the chosen order, with checkboxes: the selected ones (or, with none selected, the
 * whole list shown) export as Excel or CSV. In an analysis built from the atlas, the atlas's keepers turn the selected
 * ones into 招商 targets.
 */
export function OpportunityTable(props: {
  analysisId: string;
  period: string;
  location: string;
  opportunities: UseQueryResult<Opportunities>;
  sort: OpportunitySort;
  onSort: (sort: OpportunitySort) => void;
  limit: number;
  onLimit: (limit: number) => void;
  /** Built from the atlas (its opportunities name chain segments or codes), and whether the caller may make targets. */
  fromAtlas: boolean;
  mayTarget: boolean;
  /** The location's name beside its key (an atlas-built table's region name). */
  locationLabel?: string;
}) {
  const { analysisId, period, location, opportunities, sort, onSort, limit, onLimit, fromAtlas, mayTarget, locationLabel } = props;
  const t = useMessages(complexityMessages);
  const locale = useLocale();
  const isPhone = useIsPhone();
  const feedback = useFeedback();
  const [selected, setSelected] = useState<string[]>([]);
  const [exporting, setExporting] = useState<'xlsx' | 'csv' | null>(null);
  const items = opportunities.data?.items ?? [];

  // A new location (or period) starts with nothing selected.
  useEffect(() => setSelected([]), [location, period]);

  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExporting(format);
    try {
      const url = complexityApi.opportunitiesUrl(analysisId, format, { location, period, sort, limit, products: selected });
      await downloadFile(url, `${location}.${format}`);
    } catch (error) {
      feedback.error(error);
    } finally {
      setExporting(null);
    }
  };

  const sortLabel = (s: OpportunitySort) => (s === 'balanced' ? t('opportunity.balanced') : s === 'density' ? t('col.density') : s.toUpperCase());
  const columns: TableColumnsType<Opportunity> = [
    { title: t('col.rank'), dataIndex: 'position', width: 60 },
    { title: t('col.product'), dataIndex: 'product', ellipsis: true },
    { title: t('col.score'), dataIndex: 'score', width: 90, align: 'right', render: (v: number) => formatNumber(v, 2) },
    { title: t('col.density'), dataIndex: 'density', width: 90, align: 'right', render: (v: number) => formatNumber(v) },
    { title: t('col.pci'), dataIndex: 'pci', width: 90, align: 'right', render: (v: number) => formatNumber(v) },
    { title: t('col.cog'), dataIndex: 'cog', width: 90, align: 'right', render: (v: number) => formatNumber(v) },
    ...(isPhone
      ? []
      : ([
          { title: t('col.rca'), dataIndex: 'rca', width: 80, align: 'right', render: (v: number) => formatNumber(v, 2) },
          { title: t('col.value'), dataIndex: 'value', width: 110, align: 'right', render: (v: number) => formatTotal(v, locale) },
          { title: t('col.ubiquity'), dataIndex: 'ubiquity', width: 80, align: 'right' },
        ] satisfies TableColumnsType<Opportunity>)),
  ];

  return (
    <Card
      size="small"
      title={
        <Flex gap={6} align="center">
          {t('opportunity.tableTitle')}
          <Tooltip title={t('opportunity.method')}>
            <InfoCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
          </Tooltip>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Flex gap={12} wrap align="center" justify="space-between">
          <Flex gap={8} wrap align="center">
            <Typography.Text>{t('opportunity.sort')}</Typography.Text>
            <Segmented value={sort} onChange={(v) => onSort(v as OpportunitySort)} options={OPPORTUNITY_SORTS.map((s) => ({ value: s, label: sortLabel(s) }))} data-testid="opportunity-sort" />
            <Select value={limit} onChange={onLimit} options={LIMITS.map((n) => ({ value: n, label: t('opportunity.show', { count: n }) }))} style={{ width: 120 }} />
          </Flex>
          <Flex gap={8} wrap>
            <Button icon={<FileExcelOutlined />} loading={exporting === 'xlsx'} disabled={items.length === 0} onClick={() => void exportAs('xlsx')} data-testid="export-xlsx">
              {selected.length > 0 ? `${t('opportunity.exportSelected', { count: selected.length })} · Excel` : t('opportunity.exportXlsx')}
            </Button>
            <Button icon={<FileTextOutlined />} loading={exporting === 'csv'} disabled={items.length === 0} onClick={() => void exportAs('csv')}>
              {selected.length > 0 ? `${t('opportunity.exportSelected', { count: selected.length })} · CSV` : t('opportunity.exportCsv')}
            </Button>
          </Flex>
        </Flex>
        {fromAtlas && mayTarget ? (
          <Flex gap={8} wrap align="center">
            <OpportunityTargetsButton analysisId={analysisId} location={location} locationLabel={locationLabel} products={selected} />
            <Typography.Text type="secondary">{t('targets.hint')}</Typography.Text>
          </Flex>
        ) : (
          <Alert type="info" showIcon title={t(fromAtlas ? 'opportunity.atlasKeepers' : 'opportunity.atlasNote')} data-testid="atlas-note" />
        )}
        {opportunities.error ? <Typography.Text type="danger">{errorText(opportunities.error)}</Typography.Text> : null}
        <Table<Opportunity>
          rowKey="product"
          size="small"
          columns={columns}
          dataSource={items}
          loading={opportunities.isFetching}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
          pagination={false}
          scroll={isPhone ? { x: 600 } : undefined}
          locale={{ emptyText: t('opportunity.none') }}
          data-testid="opportunity-table"
        />
      </Flex>
    </Card>
  );
}
