import { useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { Flex, Table, Typography, theme, type TableColumnsType } from 'antd';
import { useMessages } from '../../../web/i18n.ts';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { taskMessages } from './tasks.messages.ts';
import { groupRows, type GroupedRow } from './plans.format.ts';
import { DeadlineCell, KindTag, NameTags, type DeadlineView, type NameView } from './TaskCells.tsx';
import type { Task, TaskKind } from './plans.api.ts';

/** One task as the table shows it, whether saved or only previewed from a table. */
export interface TaskRowView {
  key: string;
  /** Row of the source table, for previews and imported tasks. */
  row: number | null;
  seq: string;
  groupPath: string[];
  text: string;
  leaders: NameView[];
  leadUnit: NameView | null;
  coUnits: NameView[];
  deadline: DeadlineView;
  kind: TaskKind | null;
}

/** A saved task in the table's terms. */
export function taskRowView(task: Task): TaskRowView {
  return {
    key: task.id,
    row: task.source_row,
    seq: task.seq,
    groupPath: task.group_path,
    text: task.title,
    leaders: task.leaders.map((l) => ({ label: l.person_name ?? l.raw_name, raw: l.raw_name, matched: l.person_id !== null })),
    leadUnit: task.leadUnit ? { label: task.leadUnit.unit_short_name ?? task.leadUnit.unit_name ?? task.leadUnit.raw_name, raw: task.leadUnit.raw_name, matched: task.leadUnit.unit_id !== null } : null,
    coUnits: task.coUnits.map((u) => ({ label: u.unit_short_name ?? u.unit_name ?? u.raw_name, raw: u.raw_name, matched: u.unit_id !== null })),
    deadline: { text: task.deadline_text, dueDate: task.due_date, startDate: task.start_date, recurrence: task.recurrence, ongoing: task.ongoing, understood: task.deadline_understood },
    kind: task.task_kind,
  };
}

type Row = GroupedRow<TaskRowView>;

/**
 * Tasks in the layout of the official task-division table: group headings spanning the width, then 序号, 重点任务,
 * 牵头市领导, 牵头单位, 责任单位, 完成时限. A phone shows one column with the assignment under the task.
 */
export function TaskTable(props: { rows: TaskRowView[]; showRow?: boolean; highlightMatched?: boolean; actions?: (key: string) => ReactNode; loading?: boolean; empty?: ReactNode; testId?: string }) {
  const { rows, showRow, highlightMatched, actions, loading, empty, testId } = props;
  const t = useMessages(taskMessages);
  const isPhone = useIsPhone();
  const { token } = theme.useToken();
  const data = useMemo(() => groupRows(rows, (r) => r.groupPath, (r) => r.key), [rows]);
  const hasKind = rows.some((r) => r.kind);

  const span = (width: number) => (row: Row, first: boolean) => (row.type === 'group' ? { colSpan: first ? width : 0, style: { background: token.colorFillQuaternary } } : {});
  const group = (row: Row) =>
    row.type === 'group' ? (
      <Typography.Text strong style={{ paddingInlineStart: (row.depth - 1) * 16 }}>
        {row.text}
      </Typography.Text>
    ) : null;

  let columns: TableColumnsType<Row>;
  let fixedWidth = 0;
  if (isPhone) {
    const width = actions ? 2 : 1;
    columns = [
      {
        title: t('col.task'),
        key: 'task',
        onCell: (row) => span(width)(row, true),
        render: (_, row) =>
          row.type === 'group' ? (
            group(row)
          ) : (
            <Flex vertical gap={4} style={{ whiteSpace: 'normal' }}>
              <span>
                {row.task.seq ? <Typography.Text strong>{row.task.seq}. </Typography.Text> : null}
                {row.task.text}
              </span>
              <Meta label={t('col.leaders')}>
                <NameTags names={row.task.leaders} highlightMatched={highlightMatched} />
              </Meta>
              <Meta label={t('col.leadUnit')}>
                <NameTags names={row.task.leadUnit ? [row.task.leadUnit] : []} highlightMatched={highlightMatched} />
              </Meta>
              <Meta label={t('col.coUnits')}>
                <NameTags names={row.task.coUnits} highlightMatched={highlightMatched} />
              </Meta>
              <Meta label={t('col.deadline')}>
                <DeadlineCell deadline={row.task.deadline} />
              </Meta>
              {row.task.kind ? <KindTag kind={row.task.kind} /> : null}
            </Flex>
          ),
      },
      ...(actions ? [{ key: 'actions', width: 56, onCell: (row: Row) => span(width)(row, false), render: (_: unknown, row: Row) => (row.type === 'task' ? actions(row.key) : null) }] : []),
    ];
  } else {
    const width = 6 + (showRow ? 1 : 0) + (hasKind ? 1 : 0) + (actions ? 1 : 0);
    const cell = (render: (r: TaskRowView) => ReactNode) => (_: unknown, row: Row) => (row.type === 'task' ? render(row.task) : null);
    const rest = (row: Row) => span(width)(row, false);
    columns = [
      ...(showRow
        ? [{ title: t('col.row'), key: 'row', width: 52, onCell: (row: Row) => span(width)(row, true), render: (_: unknown, row: Row) => (row.type === 'group' ? group(row) : row.task.row) }]
        : []),
      {
        title: t('col.seq'),
        key: 'seq',
        // Wide enough for a marker such as （十四）on one line; it never wraps as （四 / ）.
        width: 76,
        onCell: (row) => span(width)(row, !showRow),
        render: (_, row) =>
          row.type === 'group' ? (
            showRow ? null : group(row)
          ) : (
            <span style={{ whiteSpace: 'nowrap' }} data-testid="task-seq">
              {row.task.seq}
            </span>
          ),
      },
      { title: t('col.task'), key: 'text', onCell: rest, render: cell((r) => <span style={{ whiteSpace: 'pre-wrap' }}>{r.text}</span>) },
      { title: t('col.leaders'), key: 'leaders', width: 96, onCell: rest, render: cell((r) => <NameTags names={r.leaders} highlightMatched={highlightMatched} />) },
      { title: t('col.leadUnit'), key: 'leadUnit', width: 120, onCell: rest, render: cell((r) => <NameTags names={r.leadUnit ? [r.leadUnit] : []} highlightMatched={highlightMatched} />) },
      { title: t('col.coUnits'), key: 'coUnits', width: 160, onCell: rest, render: cell((r) => <NameTags names={r.coUnits} highlightMatched={highlightMatched} />) },
      { title: t('col.deadline'), key: 'deadline', width: 124, onCell: rest, render: cell((r) => <DeadlineCell deadline={r.deadline} />) },
      ...(hasKind ? [{ title: t('col.kind'), key: 'kind', width: 84, onCell: rest, render: cell((r) => (r.kind ? <KindTag kind={r.kind} /> : null)) }] : []),
      ...(actions ? [{ key: 'actions', width: 72, onCell: rest, render: cell((r) => actions(r.key)) }] : []),
    ];
    fixedWidth = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), 0);
  }

  return (
    <Table<Row>
      rowKey="key"
      size="small"
      bordered={!isPhone}
      columns={columns}
      dataSource={data}
      loading={loading}
      pagination={data.length > 200 ? { pageSize: 200, showSizeChanger: false } : false}
      // Fixed columns plus room for the task text; narrower screens scroll sideways.
      scroll={isPhone ? undefined : { x: fixedWidth + 220 }}
      tableLayout="fixed"
      locale={empty ? { emptyText: empty } : undefined}
      onRow={(row) => ({ 'data-testid': row.type === 'task' ? 'task-row' : 'task-group' }) as HTMLAttributes<HTMLElement>}
      data-testid={testId}
    />
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Flex gap={6} align="baseline" wrap style={{ fontSize: 12 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
        {label}
      </Typography.Text>
      <div style={{ minWidth: 0 }}>{children}</div>
    </Flex>
  );
}
