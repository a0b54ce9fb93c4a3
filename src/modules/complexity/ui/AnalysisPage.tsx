import { useCallback } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, Button, Card, Flex, Popconfirm, Result, Select, Skeleton, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, DownloadOutlined } from '@ant-design/icons';
import { ApiError, errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { pickLanguage, useLocale, useMessages, useT } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { complexityMessages } from './complexity.messages.ts';
import { complexityApi, downloadFile, type Analysis, type AtlasTableSource } from './complexity.api.ts';
import { useMe } from '../../../web/session.tsx';
import { complexityKeys, complexityQueries } from './complexity.queries.ts';
import { RankingPanel } from './RankingPanel.tsx';
import { LocationPanel } from './LocationPanel.tsx';
import { formatTotal } from './complexity.charts.ts';

/** Where a table built from the atlas came from: 来自产业链图谱：<chain>，按环节，企业数，2025年 (and what it counted). */
function AtlasSource({ source }: { source: AtlasTableSource }) {
  const t = useMessages(complexityMessages);
  return (
    <Flex vertical gap={2} data-testid="atlas-source">
      <Typography.Text>
        {t('source.atlas', {
          chain: source.chainName,
          by: t(`atlas.by.${source.by}`),
          measure: t(`atlas.measure.${source.measure}`),
          year: source.year,
          scope: source.scopeName,
          level: t(`atlas.level.${source.level}`),
        })}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(source.confirmedOnly ? 'source.confirmedOnly' : 'source.counted', { enterprises: source.enterprises, undated: source.undated, version: source.chainVersion })}
      </Typography.Text>
    </Flex>
  );
}

/** The summary line under the title: rows, size, time, options, and the engine's notes. */
function AnalysisFacts({ analysis, period }: { analysis: Analysis; period: string }) {
  const t = useMessages(complexityMessages);
  const locale = useLocale();
  const summary = analysis.summary!;
  const p = summary.periods.find((x) => x.period === period) ?? summary.periods[0];
  const { threshold, asymmetric, continuous } = analysis.options;
  const warnings = summary.periods.flatMap((x) => x.warnings);
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap align="center">
        <Typography.Text type="secondary">
          {t('analysis.summary', { rows: summary.rows, locations: p.locations, products: p.products, seconds: (summary.timings.computeMs / 1000).toFixed(1) })}
        </Typography.Text>
        <Tag>{t('analysis.options', { threshold })}</Tag>
        {asymmetric ? <Tag>{t('analysis.optionAsymmetric')}</Tag> : null}
        {continuous ? <Tag>{t('analysis.optionContinuous')}</Tag> : null}
      </Flex>
      {warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('analysis.warnings', { count: warnings.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {warnings.map((w, i) => (
                <li key={i}>{pickLanguage(w, locale)}</li>
              ))}
            </ul>
          }
        />
      ) : null}
    </Flex>
  );
}

/** One analysis: the ECI ranking of a period, and a chosen location's product space and opportunities. */
export default function AnalysisPage() {
  const t = useMessages(complexityMessages);
  const tc = useT();
  const locale = useLocale();
  const feedback = useFeedback();
  const me = useMe();
  // Who turns opportunities into 招商 targets: the atlas's keepers (atlasPolicy.analysis.write, the rule of importAtlas).
  const mayTarget = me.can.importAtlas === true;
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  // Opened while it still runs, the query polls it until it is done (complexity.queries.ts).
  const loaded = useQuery(complexityQueries.get(id));
  const analysis = loaded.data;
  const done = analysis?.status === 'done';
  const period = search.get('period') ?? analysis?.periods.at(-1) ?? '';
  // The ranking's size threshold, kept in the address so the export below leaves out the same locations.
  const minTotal = Number(search.get('minTotal')) > 0 ? Number(search.get('minTotal')) : null;
  const ranking = useQuery({ ...complexityQueries.ranking(id, period), enabled: done, placeholderData: keepPreviousData });
  const queryClient = useQueryClient();

  const update = useCallback(
    (changes: Record<string, string | null>) =>
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === null) next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );

  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && loaded.error.status === 404;
    return <Result status={missing ? '404' : 'error'} title={missing ? t('analysis.notFound') : errorText(loaded.error)} extra={<Button onClick={() => navigate('/complexity')}>{t('analysis.back')}</Button>} />;
  }
  if (!analysis) return <Skeleton active />;

  const periods = analysis.periods;
  const location = search.get('location');
  const tab = search.get('tab') === 'ranking' || search.get('tab') === 'location' ? search.get('tab')! : location ? 'location' : 'ranking';
  const chooseLocation = (name: string) => update({ location: name, tab: 'location' });

  const remove = async () => {
    try {
      await complexityApi.remove(analysis.id);
      queryClient.removeQueries({ queryKey: complexityKeys.analysis(analysis.id) });
      await queryClient.invalidateQueries({ queryKey: complexityKeys.list() });
      navigate('/complexity');
    } catch (error) {
      feedback.error(error);
    }
  };

  return (
    <>
      <PageHeader
        title={analysis.name}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/complexity')}>
              {t('analysis.back')}
            </Button>
            {analysis.status === 'done' ? (
              <>
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() => downloadFile(complexityApi.resultsUrl(analysis.id, minTotal), `${analysis.name}${minTotal ? `-min${minTotal}` : ''}.csv`).catch((e: unknown) => feedback.error(e))}
                  data-testid="export-all"
                >
                  {minTotal ? t('analysis.exportAllMin', { min: formatTotal(minTotal, locale) }) : t('analysis.exportAll')}
                </Button>
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() => downloadFile(complexityApi.proximityUrl(analysis.id), `${analysis.name}-proximity.csv`).catch((e: unknown) => feedback.error(e))}
                >
                  {t('analysis.exportProximity')}
                </Button>
              </>
            ) : null}
            {analysis.abilities.includes('delete') ? (
              <Popconfirm title={t('delete.confirm', { name: analysis.name })} okText={tc('common.delete')} cancelText={tc('common.cancel')} okButtonProps={{ danger: true }} onConfirm={remove}>
                <Button danger icon={<DeleteOutlined />}>
                  {tc('common.delete')}
                </Button>
              </Popconfirm>
            ) : null}
          </>
        }
      />
      {analysis.status !== 'done' ? (
        <Alert type={analysis.status === 'failed' ? 'error' : 'info'} showIcon title={analysis.status === 'failed' ? t('analysis.failed') : t('run.progress', { percent: Math.round(analysis.progress * 100) })} description={analysis.error ? errorText(new ApiError(400, 'failed', analysis.error)) : undefined} />
      ) : (
        <Flex vertical gap={16}>
          <Card size="small">
            <Flex vertical gap={12}>
              <Flex gap={12} wrap align="center">
                {periods.length > 1 ? (
                  <Flex gap={8} align="center">
                    <Typography.Text>{t('analysis.period')}</Typography.Text>
                    <Select value={period} onChange={(v) => update({ period: v })} options={periods.map((p) => ({ value: p, label: p }))} style={{ width: 140 }} data-testid="period-select" />
                  </Flex>
                ) : null}
                {analysis.source?.kind === 'atlas' ? <AtlasSource source={analysis.source} /> : <Typography.Text type="secondary">{analysis.source_name}</Typography.Text>}
              </Flex>
              <AnalysisFacts analysis={analysis} period={period} />
            </Flex>
          </Card>
          <Tabs
            activeKey={tab}
            onChange={(key) => update({ tab: key })}
            items={[
              { key: 'ranking', label: t('tab.ranking'), children: <RankingPanel ranking={ranking} selected={location} onSelect={chooseLocation} minTotal={minTotal} onMinTotal={(v) => update({ minTotal: v ? String(v) : null })} /> },
              {
                key: 'location',
                label: location ? `${t('tab.location')} · ${location}` : t('tab.location'),
                children: (
                  <LocationPanel
                    analysisId={analysis.id}
                    period={period}
                    location={location}
                    locations={ranking.data?.locations ?? []}
                    onLocation={chooseLocation}
                    fromAtlas={analysis.source?.kind === 'atlas'}
                    mayTarget={mayTarget}
                  />
                ),
              },
            ]}
          />
        </Flex>
      )}
    </>
  );
}
