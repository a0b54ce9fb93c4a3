import { useQuery } from '@tanstack/react-query';
import { Alert, List, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { errorText } from '../../../web/api.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { atlasApi } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { intermediaryApi } from './intermediaries.api.ts';
import { intermediaryMessages } from './intermediaries.messages.ts';
import { useRegionName } from './RegionPicker.tsx';

/** The benchmark the map's side panel compares with (the 堵点 page's default). */
const BENCHMARK = 'yrd';
/** The region examined when the map shows all regions (the 堵点 page's default). */
export const DEFAULT_GAP_REGION = 'jjj';

/**
 * A segment's 堵点 in the map's side panel: whether the region is absent or weak in it against the benchmark and the
 * national pattern (the 堵点 page's rule, from the same API and cache), why, and the best candidates elsewhere with
 * their reasons and the intermediaries through which they can be reached (对接渠道); a link opens the 堵点与卡点 page on
 * the same region.
 */
export function SegmentGaps({ chainId, segmentKey, region }: { chainId: string; segmentKey: string; region: string }) {
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const ti = useMessages(intermediaryMessages);
  const regionName = useRegionName();
  const gaps = useQuery({ queryKey: ['atlas', 'gaps', chainId, region, BENCHMARK], queryFn: () => atlasApi.gaps(chainId, region, BENCHMARK), retry: false });
  // The same cache entry as the 堵点 page's 对接渠道 column.
  const channels = useQuery({ queryKey: ['atlas', 'gap-channels', chainId, region, BENCHMARK], queryFn: () => intermediaryApi.gapChannels(chainId, region, BENCHMARK), retry: false });
  if (gaps.isLoading) return <Spin size="small" />;
  if (gaps.error) return <Alert type="warning" showIcon message={errorText(gaps.error)} />;
  const data = gaps.data!;
  const gap = data.gaps.find((g) => g.segment.key === segmentKey);
  const segmentChannels = channels.data?.gaps.find((g) => g.segmentKey === segmentKey)?.channels ?? [];
  const place = (r: { name: string; nameEn: string }) => (locale === 'en-US' ? r.nameEn : r.name);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="segment-gaps">
      <Typography.Text type="secondary">
        {t('gap.for', { region: place(data.region), benchmark: place(data.benchmark) })}
        {data.asOf ? ` · ${t('map.asOf', { date: data.asOf })}` : ''}
      </Typography.Text>
      {!gap ? (
        <Typography.Text>{t('gap.none')}</Typography.Text>
      ) : (
        <>
          <Space direction="vertical" size={0}>
            {gap.reasons.map((r) => (
              <Typography.Text key={r.code} type="danger">
                {bi(r)}
              </Typography.Text>
            ))}
          </Space>
          <Typography.Text strong>{t('gap.candidates')}</Typography.Text>
          <List
            size="small"
            dataSource={gap.candidates}
            locale={{ emptyText: t('gap.noCandidates') }}
            renderItem={(c) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <Space size={4} wrap>
                    <span>{c.name}</span>
                    <Typography.Text type="secondary">{regionName(c.regionCode)}</Typography.Text>
                    <Tag>{t('gap.score', { score: c.score.toFixed(1) })}</Tag>
                    {c.target ? <Tag color="blue">{t('tg.followed', { status: t(`tgs.${c.target}`) })}</Tag> : null}
                  </Space>
                  <Typography.Text type="secondary">{c.reasons.map((r) => bi(r)).join('；')}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {segmentChannels.length ? (
            <>
              <Typography.Text strong>{ti('im.channels')}</Typography.Text>
              <List
                size="small"
                dataSource={segmentChannels}
                renderItem={(c) => (
                  <List.Item data-testid="segment-gap-channel">
                    <Space direction="vertical" size={0}>
                      <Link to={`/atlas/intermediaries?open=${c.intermediary.id}`}>{c.intermediary.name}</Link>
                      <Typography.Text type="secondary">{c.members.map((m) => `${m.name}（${bi(m.roleName)}）`).join('、')}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </>
          ) : null}
        </>
      )}
      <Link to={`/atlas/chains/${chainId}/analysis?region=${encodeURIComponent(region)}`} data-testid="segment-gaps-link">
        {t('gap.open')}
      </Link>
    </Space>
  );
}
