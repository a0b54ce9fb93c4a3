import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, List, Space, Spin, Tag, Typography } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useBusyAction, useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { ActionLink } from '../../../web/components/ActionLink.tsx';
import { atlasApi } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';

/**
 * A segment's panel, 按产品查找未关联企业: asked for, the enterprises whose main products hold the segment's products,
 * technologies or (leaf) name and that are not linked to it; staff who decide links tick the right ones and link
 * them at once (product evidence, 待定), and the map's counts and the segment's list follow.
 */
export function SegmentProposals({ chainId, segmentKey, region, onOpen }: { chainId: string; segmentKey: string; region?: string; onOpen: (e: { regionCode: string; id: string }) => void }) {
  const t = useMessages(atlasMessages);
  const feedback = useFeedback();
  const client = useQueryClient();
  const [asked, setAsked] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, run] = useBusyAction();
  const proposals = useQuery({
    queryKey: ['atlas', 'segment-proposals', chainId, segmentKey, region],
    queryFn: () => atlasApi.segmentProposals(chainId, segmentKey, region),
    enabled: asked,
    retry: false,
  });
  if (!asked) {
    return (
      <Button size="small" onClick={() => setAsked(true)} data-testid="segment-proposals-ask">
        {t('prop.ask')}
      </Button>
    );
  }
  if (proposals.isLoading) return <Spin size="small" />;
  if (proposals.error) return <Alert type="warning" showIcon message={errorText(proposals.error)} />;
  const data = proposals.data!;
  const idOf = (e: { regionCode: string; id: string }) => `${e.regionCode}/${e.id}`;
  const link = () =>
    void run(async () => {
      const picked = data.items.filter((e) => chosen.has(idOf(e))).map((e) => ({ regionCode: e.regionCode, id: e.id }));
      const r = await atlasApi.linkProposals(chainId, segmentKey, picked);
      void feedback.message.success(t('prop.linked', { n: r.linked }));
      setChosen(new Set());
      // The segment's list, the map's counts and these proposals all change.
      await client.invalidateQueries({ queryKey: ['atlas'] });
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="segment-proposals">
      <Typography.Text type="secondary">{data.words.length ? t('prop.words', { words: data.words.join('、') }) : t('prop.noWords')}</Typography.Text>
      {data.abilities.link && data.items.length > 0 ? (
        <Space wrap>
          <Checkbox
            checked={chosen.size === data.items.length}
            indeterminate={chosen.size > 0 && chosen.size < data.items.length}
            onChange={(e) => setChosen(e.target.checked ? new Set(data.items.map(idOf)) : new Set())}
          >
            {t('prop.all', { n: data.items.length })}
          </Checkbox>
          <Button type="primary" size="small" disabled={chosen.size === 0} loading={busy} onClick={link}>
            {t('prop.link', { n: chosen.size })}
          </Button>
        </Space>
      ) : null}
      <List
        size="small"
        style={{ maxHeight: 360, overflowY: 'auto' }}
        dataSource={data.items}
        locale={{ emptyText: t('prop.none') }}
        renderItem={(e) => (
          <List.Item>
            <Space align="start">
              {data.abilities.link ? (
                <Checkbox
                  aria-label={e.name}
                  checked={chosen.has(idOf(e))}
                  onChange={(x) =>
                    setChosen((s) => {
                      const next = new Set(s);
                      if (x.target.checked) next.add(idOf(e));
                      else next.delete(idOf(e));
                      return next;
                    })
                  }
                />
              ) : null}
              <Space direction="vertical" size={0}>
                <ActionLink onClick={() => onOpen({ regionCode: e.regionCode, id: e.id })}>{e.name}</ActionLink>
                <Space size={4} wrap>
                  <Typography.Text type="secondary">{e.regionName}</Typography.Text>
                  {e.words.map((w) => (
                    <Tag key={w} color="blue">
                      {w}
                    </Tag>
                  ))}
                </Space>
                <Typography.Text type="secondary">{e.mainProducts.join('、')}</Typography.Text>
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
