import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { atlasApi, TAGS, type EnterpriseItem } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { AtlasTabs } from './AtlasTabs.tsx';
import { EnterpriseDrawer } from './EnterpriseDrawer.tsx';
import { RegionPicker } from './RegionPicker.tsx';
import { ActionLink } from '../../../web/components/ActionLink.tsx';

const PAGE = 50;

/** The enterprise directory: search by name, product or tag, filter by region, tag, chain and segment, in pinyin order. */
export default function EnterprisesPage() {
  const t = useMessages(atlasMessages);
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [drawer, setDrawer] = useState<{ regionCode: string; id: string } | null>(null);
  const filter = {
    q: params.get('q') || undefined,
    region: params.get('region') || undefined,
    tag: params.get('tag') || undefined,
    chain: params.get('chain') || undefined,
    segment: params.get('segment') || undefined,
  };
  const page = Number(params.get('page') ?? '1') || 1;
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };
  const list = useQuery({ queryKey: ['atlas', 'enterprises', filter, page], queryFn: () => atlasApi.enterprises({ ...filter, offset: (page - 1) * PAGE, limit: PAGE }), placeholderData: keepPreviousData });
  const chains = useQuery({ queryKey: ['atlas', 'chains'], queryFn: atlasApi.chains });
  const chain = useQuery({ queryKey: ['atlas', 'chain', filter.chain], queryFn: () => atlasApi.chain(filter.chain!), enabled: Boolean(filter.chain) });
  const segmentOptions = useMemo(() => (chain.data?.segments ?? []).map((s) => ({ value: s.key, label: `${s.name}（${t(`stage.${s.stage}`)}）` })), [chain.data, t]);

  const columns: TableColumnsType<EnterpriseItem> = [
    { title: t('ent.col.name'), dataIndex: 'name', render: (n: string, e) => <ActionLink onClick={() => setDrawer({ regionCode: e.regionCode, id: e.id })}>{n}</ActionLink> },
    { title: t('ent.col.region'), dataIndex: 'regionName', render: (n: string | null, e) => n ?? e.regionCode },
    { title: t('ent.col.uscc'), dataIndex: 'uscc', responsive: ['xl'] },
    { title: t('ent.col.tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>), responsive: ['md'] },
    { title: t('ent.col.products'), dataIndex: 'mainProducts', render: (p: string[]) => p.slice(0, 5).join('、'), responsive: ['lg'] },
    { title: t('ent.col.updated'), dataIndex: 'updatedAt', render: (d: string) => d.slice(0, 10), responsive: ['lg'] },
  ];
  const d = list.data;
  return (
    <>
      <PageHeader title={t('nav.enterprises')} />
      <AtlasTabs current="/atlas/enterprises" />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('ent.search')}
          placeholder={t('ent.search')}
          allowClear
          style={{ width: 340 }}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
        />
        <RegionPicker value={filter.region} onChange={(v) => set({ region: v })} placeholder={t('ent.region')} />
        <Select aria-label={t('ent.tag')} allowClear placeholder={t('ent.tag')} style={{ width: 180 }} value={filter.tag} onChange={(v) => set({ tag: v })} options={TAGS.map((x) => ({ value: x, label: x }))} />
        <Select
          aria-label={t('ent.chain')}
          allowClear
          placeholder={t('ent.chain')}
          style={{ width: 180 }}
          value={filter.chain}
          onChange={(v) => set({ chain: v, segment: undefined })}
          options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        {filter.chain ? (
          <Select aria-label={t('ent.segment')} allowClear showSearch optionFilterProp="label" placeholder={t('ent.segment')} style={{ width: 220 }} value={filter.segment} onChange={(v) => set({ segment: v })} options={segmentOptions} />
        ) : null}
      </Space>
      {list.error ? <Alert type="error" message={errorText(list.error)} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph type="secondary" data-testid="enterprise-total">
        {d ? (d.totalCapped ? t('ent.totalCapped', { count: d.total }) : t('ent.total', { count: d.total })) : ''} · {t('ent.pinyinOrder')}
      </Typography.Paragraph>
      <Table<EnterpriseItem>
        rowKey={(e) => `${e.regionCode}/${e.id}`}
        size="small"
        loading={list.isFetching}
        columns={columns}
        dataSource={d?.items ?? []}
        locale={{ emptyText: t('ent.empty') }}
        pagination={{ current: page, pageSize: PAGE, total: d ? d.total : 0, showSizeChanger: false, onChange: (p) => set({ page: String(p) }) }}
      />
      <EnterpriseDrawer target={drawer} onClose={() => setDrawer(null)} />
    </>
  );
}
