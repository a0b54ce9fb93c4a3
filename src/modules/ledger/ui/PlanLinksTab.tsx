import { Link } from 'react-router';
import { Card, Empty, Flex, Tag, Typography } from 'antd';
import { useMessages } from '../../../web/i18n.ts';
import { planMessages } from './plans.messages.ts';
import type { PlanDetail, PlanStatus, PlanType } from './plans.api.ts';
import { STATUS_COLOR } from './plans.format.ts';
import { flatten, type EditorNode } from './plan-tree.ts';

/** The plan this one was derived from (and from which node), and the plans derived from this one. */
export function PlanLinksTab({ detail, tree }: { detail: PlanDetail; tree: EditorNode[] }) {
  const t = useMessages(planMessages);
  const { parent, derived } = detail;
  const labelOf = new Map(flatten(tree).map(({ node }) => [node.key, `${node.marker}${node.heading}`.trim()]));

  const planLine = (p: { id: string; title: string; plan_type: PlanType; status: PlanStatus }, extra?: string | null) => (
    <Flex vertical gap={2} key={p.id} data-testid="linked-plan">
      <Flex gap={8} align="center" wrap>
        <Link to={`/plans/${p.id}`}>{p.title}</Link>
        <Tag>{t(`type.${p.plan_type}`)}</Tag>
        <Tag color={STATUS_COLOR[p.status]}>{t(`status.${p.status}`)}</Tag>
      </Flex>
      {extra ? <Typography.Text type="secondary">{extra}</Typography.Text> : null}
    </Flex>
  );

  return (
    <Flex vertical gap={12}>
      <Card size="small" title={t('links.parent')}>
        {parent
          ? planLine(parent, parent.node ? t('links.parentNode', { node: `${parent.node.marker}${parent.node.heading}` }) : null)
          : <Typography.Text type="secondary">{t('links.parentNone')}</Typography.Text>}
      </Card>
      <Card size="small" title={t('links.derived', { count: derived.length })}>
        {derived.length ? (
          <Flex vertical gap={12}>
            {derived.map((d) => planLine(d, d.parent_node_key && labelOf.get(d.parent_node_key) ? t('links.fromNode', { node: labelOf.get(d.parent_node_key)! }) : null))}
          </Flex>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('links.derivedNone')} />
        )}
      </Card>
    </Flex>
  );
}
