import { useState } from 'react';
import { Button, Empty, Flex, Select, Table, Tag, Typography, theme, type TableColumnsType } from 'antd';
import { DiffOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { formatDateTime } from '../../../web/format.ts';
import { pickLanguage, useLocale, useMessages } from '../../../web/i18n.ts';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { planMessages } from './plans.messages.ts';
import { plansApi, type NodeChange, type PlanDetail, type PlanVersionInfo } from './plans.api.ts';

const KINDS = ['part', 'chapter', 'section', 'article', 'item', 'annex'] as const;
type Kind = (typeof KINDS)[number];
const CHANGE_COLOR: Record<NodeChange['change'], string> = { added: 'green', removed: 'red', changed: 'blue', moved: 'purple' };

/** The versions of a plan, and any two of them compared node by node. */
export function PlanVersionsTab({ detail, onView }: { detail: PlanDetail; onView: (number: number) => void }) {
  const t = useMessages(planMessages);
  const locale = useLocale();
  const isPhone = useIsPhone();
  const feedback = useFeedback();
  const versions = detail.versions;
  const current = detail.plan.current_version;
  const [from, setFrom] = useState<number | undefined>(versions.length > 1 ? versions[1].number : undefined);
  const [to, setTo] = useState<number | undefined>(versions[0]?.number);
  const [diff, setDiff] = useState<{ from: number; to: number; changes: NodeChange[] } | null>(null);
  const [loading, setLoading] = useState(false);

  const compare = async () => {
    if (!from || !to) return;
    setLoading(true);
    try {
      setDiff(await plansApi.diff(detail.plan.id, from, to));
    } catch (error) {
      feedback.error(error);
    } finally {
      setLoading(false);
    }
  };

  const columns: TableColumnsType<PlanVersionInfo> = [
    {
      title: t('versions.number'),
      dataIndex: 'number',
      width: 120,
      render: (n: number) => (
        <Flex gap={4} align="center">
          {t('versions.label', { n })}
          {n === current ? <Tag color="green">{t('versions.current')}</Tag> : null}
        </Flex>
      ),
    },
    { title: t('versions.note'), dataIndex: 'note', render: (note: string) => pickLanguage(note, locale) },
    ...(isPhone ? [] : [{ title: t('versions.time'), dataIndex: 'created_at', width: 190, render: (v: string) => formatDateTime(v, locale) }]),
    {
      key: 'view',
      width: 70,
      render: (_, v) => (
        <Button type="link" size="small" onClick={() => onView(v.number)}>
          {t('versions.view')}
        </Button>
      ),
    },
  ];

  const options = versions.map((v) => ({ value: v.number, label: t('versions.label', { n: v.number }) }));

  return (
    <Flex vertical gap={16}>
      <Table<PlanVersionInfo> rowKey="number" size="small" columns={columns} dataSource={versions} pagination={false} data-testid="version-table" />
      {versions.length < 2 ? (
        <Typography.Text type="secondary">{t('versions.onlyOne')}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{t('versions.from')}</Typography.Text>
            <Select value={from} onChange={setFrom} options={options} style={{ width: 120 }} aria-label={t('versions.from')} data-testid="diff-from" />
            <Typography.Text>{t('versions.to')}</Typography.Text>
            <Select value={to} onChange={setTo} options={options} style={{ width: 120 }} aria-label={t('versions.to')} data-testid="diff-to" />
            <Button type="primary" icon={<DiffOutlined />} disabled={!from || !to || from === to} loading={loading} onClick={() => void compare()} data-testid="diff-compare">
              {t('versions.compare')}
            </Button>
          </Flex>
          {diff ? <DiffList changes={diff.changes} /> : <Typography.Text type="secondary">{t('versions.pickTwo')}</Typography.Text>}
        </Flex>
      )}
    </Flex>
  );
}

/** Node-level changes: added in green, removed struck through in red, changed field by field, moved from → to. */
export function DiffList({ changes }: { changes: NodeChange[] }) {
  const t = useMessages(planMessages);
  const { token } = theme.useToken();
  if (!changes.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('versions.noChanges')} />;
  const count = (c: NodeChange['change']) => changes.filter((x) => x.change === c).length;
  const place = (p: NodeChange['before']) => (p ? (p.parentLabel ? t('change.place', { parent: p.parentLabel, index: p.index + 1 }) : t('change.topPlace', { index: p.index + 1 })) : '');
  const value = (field: NodeChange['fields'][number]['field'], v: string) => (field === 'kind' && KINDS.includes(v as Kind) ? t(`kind.${v as Kind}`) : v) || '∅';
  return (
    <Flex vertical gap={8} data-testid="diff-list">
      <Typography.Text strong>{t('versions.summary', { added: count('added'), removed: count('removed'), changed: count('changed'), moved: count('moved') })}</Typography.Text>
      <div style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadius }}>
        {changes.map((c, i) => (
          <div key={`${c.change}-${c.key}`} data-change={c.change} style={{ padding: '8px 12px', borderTop: i ? `1px solid ${token.colorBorderSecondary}` : undefined }}>
            <Flex vertical gap={4}>
              <Flex gap={8} align="baseline" wrap>
                <Tag color={CHANGE_COLOR[c.change]}>{t(`change.${c.change}`)}</Tag>
                <Typography.Text
                  delete={c.change === 'removed'}
                  style={{ color: c.change === 'added' ? token.colorSuccessText : c.change === 'removed' ? token.colorErrorText : undefined }}
                >
                  {c.label}
                </Typography.Text>
              </Flex>
              {c.change === 'moved' ? (
                <Typography.Text type="secondary">
                  {place(c.before)} → {place(c.after)}
                </Typography.Text>
              ) : null}
              {c.fields.map((f) => (
                <div key={f.field} style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '2px 8px', fontSize: 13 }}>
                  <Typography.Text type="secondary">{t(`change.field.${f.field}`)}</Typography.Text>
                  <Flex vertical gap={2}>
                    <Typography.Text delete style={{ color: token.colorErrorText, whiteSpace: 'pre-wrap' }}>
                      {value(f.field, f.before)}
                    </Typography.Text>
                    <Typography.Text style={{ color: token.colorSuccessText, whiteSpace: 'pre-wrap' }}>{value(f.field, f.after)}</Typography.Text>
                  </Flex>
                </div>
              ))}
            </Flex>
          </div>
        ))}
      </div>
    </Flex>
  );
}
