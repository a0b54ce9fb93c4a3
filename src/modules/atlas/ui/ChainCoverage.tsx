import { useState } from 'react';
import { Alert, Descriptions, Space, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { errorText } from '../../../web/api.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { atlasApi, type Coverage } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { useRegionTree } from './RegionPicker.tsx';

type Row = Coverage['segments'][number];
const LEVEL_COLOUR = { absent: 'default', weak: 'orange', medium: 'blue', strong: 'green' } as const;

/**
 * The coverage matrix of a chain: each segment against the three regions, the three together and the reference regions
 * (长三角, 粤港澳大湾区): enterprises, 链主/龙头 and 专精特新 counts and the strength score, with its formula and as-of date.
 * Cities, districts or any other region can be added as columns (a region counts the enterprises under it).
 */
export function ChainCoverage({ chainId, regions }: { chainId: string; regions: readonly string[] }) {
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const [added, setAdded] = useState<string[]>([]);
  const columnsOf = [...regions, ...added.filter((r) => !regions.includes(r))];
  const regionTree = useRegionTree();
  const coverage = useQuery({
    queryKey: ['atlas', 'coverage-matrix', chainId, columnsOf.join(',')],
    queryFn: () => atlasApi.coverageMatrix(chainId, columnsOf),
    placeholderData: (previous) => previous,
  });
  if (coverage.error) return <Alert type="error" showIcon title={errorText(coverage.error)} />;
  const data = coverage.data;
  const columns: TableColumnsType<Row> = [
    { title: t('an.segment'), key: 'segment', width: 180, fixed: 'left', render: (_, s) => <span style={{ paddingLeft: s.parent ? 16 : 0 }}>{locale === 'en-US' && s.nameEn ? s.nameEn : s.name}</span> },
    { title: t('col.stage'), dataIndex: 'stage', width: 70, render: (s: Row['stage']) => t(`stage.${s}`) },
    ...(data?.regions ?? []).map((r, i) => ({
      title: locale === 'en-US' ? r.nameEn : r.name,
      key: r.key,
      width: 170,
      render: (_: unknown, s: Row) => {
        const c = s.cells[i]!;
        return (
          <Space direction="vertical" size={0}>
            <Tag color={LEVEL_COLOUR[c.level]}>{t('an.coverageScore', { score: c.score })}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('an.coverageCell', { n: c.enterprises, leading: c.leading, specialised: c.specialised })}
            </Typography.Text>
          </Space>
        );
      },
    })),
  ];
  return (
    <>
      {data ? (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('an.formula')}>{bi(data.formula)}</Descriptions.Item>
          <Descriptions.Item label={t('an.counted')}>
            {bi(data.counted)}
            {data.asOf ? ` · ${t('an.asOf', { date: data.asOf })}` : ''}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      <Space wrap style={{ marginBottom: 12 }}>
        <TreeSelect
          multiple
          showSearch
          allowClear
          treeNodeFilterProp="title"
          aria-label={t('an.coverageAdd')}
          placeholder={t('an.coverageAdd')}
          value={added}
          onChange={(v) => setAdded(v as string[])}
          treeData={regionTree.tree}
          loading={regionTree.loading}
          maxTagCount="responsive"
          style={{ minWidth: 360 }}
          data-testid="coverage-add-regions"
        />
        <Typography.Text type="secondary">{t('an.coverageAddHint')}</Typography.Text>
      </Space>
      <Table<Row> rowKey="key" size="small" loading={coverage.isLoading} dataSource={data?.segments ?? []} columns={columns} pagination={false} scroll={{ x: 'max-content', y: 560 }} data-testid="coverage-table" />
    </>
  );
}
