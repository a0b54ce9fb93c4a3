import { Link } from 'react-router';
import { Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { progressMessages } from './progress.messages.ts';
import type { ProgressClass, Tally, WarningLevel } from './progress.api.ts';
import { CLASSES, WARNINGS } from './progress.api.ts';

const CLASS_COLOR: Record<ProgressClass, string> = { overdue: '#a8071a', behind: '#fa8c16', on_track: '#52c41a', ahead: '#13c2c2', done: '#8c8c8c' };
const TAG_COLOR: Record<WarningLevel, string> = { red: 'red', yellow: 'gold', blue: 'blue' };

/** A tally as two rows of tags: tasks by class, then by warning. */
export function TallyTags({ tally, testId }: { tally: Tally; testId?: string }) {
  const t = useMessages(progressMessages);
  return (
    <Flex vertical gap={4} data-testid={testId}>
      <Flex wrap gap={4}>
        {CLASSES.map((c) => (
          <Tag key={c} color={CLASS_COLOR[c]} data-testid={testId ? `${testId}-class-${c}` : undefined}>
            {t(`class.${c}`)} {tally.classes[c]}
          </Tag>
        ))}
      </Flex>
      <Flex wrap gap={4}>
        {WARNINGS.map((w) => (
          <Tag key={w} color={w === 'none' ? undefined : TAG_COLOR[w]} data-testid={testId ? `${testId}-warning-${w}` : undefined}>
            {t(w === 'none' ? 'warning.none' : `warning.${w}Long`)} {tally.warnings[w]}
          </Tag>
        ))}
      </Flex>
    </Flex>
  );
}

/** A task as the views list it. */
export interface ViewTask {
  id: string;
  planId: string;
  planTitle: string;
  number: string;
  title: string;
  dueDate: string | null;
  expected: number | null;
  actual: number | null;
  class: ProgressClass;
  warning: WarningLevel | null;
  reason: { zh: string; en: string };
}

/** The columns every task list of the views shows, with room for more before the reason. */
export function useTaskColumns<T extends ViewTask>(extra: TableColumnsType<T> = []): TableColumnsType<T> {
  const t = useMessages(progressMessages);
  const locale = useLocale();
  const pct = (p: number | null) => (p === null ? '—' : `${p}%`);
  return [
    { title: t('col.number'), dataIndex: 'number', width: 64 },
    {
      title: t('col.title'),
      key: 'title',
      width: 260,
      render: (_, r) => (
        <Flex vertical>
          <span>{r.title}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Link to={`/progress?plan=${r.planId}`}>{r.planTitle}</Link>
          </Typography.Text>
        </Flex>
      ),
    },
    ...extra,
    { title: t('col.expected'), key: 'expected', width: 90, align: 'right', render: (_, r) => pct(r.expected) },
    { title: t('col.actual'), key: 'actual', width: 90, align: 'right', render: (_, r) => pct(r.actual) },
    { title: t('col.class'), key: 'class', width: 90, render: (_, r) => <Tag color={CLASS_COLOR[r.class]}>{t(`class.${r.class}`)}</Tag> },
    { title: t('col.warning'), key: 'warning', width: 80, render: (_, r) => (r.warning ? <Tag color={TAG_COLOR[r.warning]}>{t(`warning.${r.warning}`)}</Tag> : '—') },
    { title: t('col.reason'), key: 'reason', width: 320, render: (_, r) => (locale === 'zh-CN' ? r.reason.zh : r.reason.en) },
  ];
}

/** A small table of rows with an id, without paging when short. */
export function SmallTable<T extends object>({ rows, columns, rowKey, testId }: { rows: T[]; columns: TableColumnsType<T>; rowKey: string | ((row: T) => string); testId?: string }) {
  return <Table<T> rowKey={rowKey} size="small" columns={columns} dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }} scroll={{ x: 900 }} data-testid={testId} />;
}
