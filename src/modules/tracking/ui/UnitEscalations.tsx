import { clip } from '../../../web/format.ts';
import { useState } from 'react';
import { Button, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { errorText } from '../../../web/api.ts';
import { useMessages } from '../../../web/i18n.ts';
import { escalationMessages } from './escalations.messages.ts';
import { escalationsApi, type Escalation, type EscalationStatus } from './escalations.api.ts';
import { EscalationDrawer, STATUS_COLOR } from './EscalationDrawer.tsx';

/** The query of a unit's open notices, shared by the tab's badge and its table. */
export const openEscalationsQuery = { queryKey: ['escalations', 'list', 'open', undefined], queryFn: () => escalationsApi.list({ status: 'open' }) };

/** A unit's open escalation notices on its page (我的填报), each opened to read it and answer. */
export function UnitEscalations() {
  const t = useMessages(escalationMessages);
  const list = useQuery(openEscalationsQuery);
  const [openId, setOpenId] = useState<string | null>(null);
  const columns: TableColumnsType<Escalation> = [
    { title: t('col.number'), dataIndex: 'numberText', width: 150 },
    { title: t('col.task'), key: 'task', render: (_, e) => `${e.taskSeq ? `${e.taskSeq}. ` : ''}${clip(e.taskTitle, 50)}` },
    { title: t('col.reason'), dataIndex: 'reason', ellipsis: true, responsive: ['lg'] },
    { title: t('col.replyDue'), dataIndex: 'replyDue', width: 110 },
    { title: t('col.status'), dataIndex: 'status', width: 90, render: (s: EscalationStatus) => <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag> },
    {
      key: 'act',
      width: 90,
      render: (_, e) => <Button type="link" onClick={() => setOpenId(e.id)}>{e.abilities.includes('answer') ? t('action.answer') : t('action.open')}</Button>,
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('unit.intro')}</Typography.Paragraph>
      <Table<Escalation>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.escalations ?? []}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={list.error ? errorText(list.error) : t('empty.list')} /> }}
      />
      {openId && <EscalationDrawer id={openId} onClose={() => setOpenId(null)} />}
    </>
  );
}
