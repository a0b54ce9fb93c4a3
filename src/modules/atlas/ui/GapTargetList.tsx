import { useState } from 'react';
import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Dropdown, Empty, InputNumber, Modal, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { atlasApi, type ChainTargets } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { useRegionName } from './RegionPicker.tsx';

type Target = ChainTargets['targets'][number];
type Status = Target['status'];
const STATUS_COLOUR: Record<Status, string> = { lead: 'default', contact: 'blue', signed: 'gold', landed: 'green', dropped: 'default' };

/**
 * The 招商 targets followed for a chain in the examined region: each moves 线索 → 对接 → 签约 → 落地 (or 放弃) here; at
 * 签约 the amount is asked and the target becomes a project under its task, so the gap shows it in progress.
 */
export function GapTargetList({ chainId, targets, canMove }: { chainId: string; targets: UseQueryResult<ChainTargets>; canMove: boolean }) {
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const queries = useQueryClient();
  const regionName = useRegionName();
  const [signing, setSigning] = useState<Target | null>(null);
  const [amount, setAmount] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const data = targets.data;
  const statusName = (s: Status) => (data ? (locale === 'en-US' ? data.statuses[s].en : data.statuses[s].zh) : s);

  const move = async (target: Target, status: Status, amountSigned?: number) => {
    setBusy(true);
    try {
      await atlasApi.moveTarget(target.id, { regionCode: target.regionCode, status, amount: amountSigned });
      void feedback.message.success(t('tt.moved', { status: statusName(status) }));
      setSigning(null);
      await Promise.all([queries.invalidateQueries({ queryKey: ['atlas', 'targets', chainId] }), queries.invalidateQueries({ queryKey: ['atlas', 'gaps', chainId] })]);
    } catch (error) {
      feedback.error(error);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<Target> = [
    { title: t('tt.segment'), key: 'segment', width: 140, render: (_, x) => x.segment.name ?? x.segment.key },
    {
      title: t('tt.enterprise'),
      key: 'name',
      render: (_, x) => (
        <Space direction="vertical" size={0}>
          <span>{x.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[x.uscc, regionName(x.enterpriseRegion)].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('tt.status'), key: 'status', width: 90, render: (_, x) => <Tag color={STATUS_COLOUR[x.status]}>{statusName(x.status)}</Tag> },
    {
      title: t('tt.ledger'),
      key: 'ledger',
      width: 120,
      render: (_, x) => (
        <Space direction="vertical" size={0}>
          {x.taskId ? <Typography.Text type="secondary">{regionName(x.regionCode)}</Typography.Text> : null}
          {x.projectId ? <Link to="/projects">{t('tt.project')}</Link> : null}
        </Space>
      ),
    },
    { title: t('tt.updated'), dataIndex: 'updatedAt', width: 150, render: (d: string) => formatDateTime(d, locale) },
    ...(canMove
      ? [
          {
            title: t('tt.move'),
            key: 'move',
            width: 120,
            render: (_: unknown, x: Target) =>
              x.next.length ? (
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: x.next.map((s) => ({ key: s, label: t('tt.moveTo', { status: statusName(s) }), danger: s === 'dropped' })),
                    onClick: ({ key }) => {
                      if (key === 'signed') {
                        setAmount(null);
                        setSigning(x);
                      } else void move(x, key as Status);
                    },
                  }}
                >
                  <Button size="small" loading={busy} data-testid="target-move">
                    {t('tt.move')}
                  </Button>
                </Dropdown>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      {targets.error ? <Alert type="error" showIcon title={errorText(targets.error)} /> : null}
      <Table<Target>
        rowKey="id"
        size="middle"
        loading={targets.isLoading}
        dataSource={data?.targets ?? []}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('tt.empty')} /> }}
        data-testid="targets-table"
      />
      <Modal open={signing !== null} title={signing ? t('tt.signTitle', { name: signing.name }) : ''} okText={t('tt.moveTo', { status: statusName('signed') })} cancelText={t('tg.cancel')} confirmLoading={busy} onOk={() => signing && void move(signing, 'signed', amount ?? undefined)} onCancel={() => setSigning(null)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('tt.signIntro')}</Typography.Paragraph>
        <Space>
          <span>{t('tt.amount')}</span>
          <InputNumber min={0} value={amount} onChange={(v) => setAmount(v)} aria-label={t('tt.amount')} style={{ width: 160 }} />
        </Space>
      </Modal>
    </>
  );
}
