import { useMemo, useState, type ReactNode } from 'react';
import { Badge, Button, Checkbox, Collapse, Empty, Flex, Modal, Popconfirm, Tag, Tree, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, FileExcelOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages, useT } from '../../../web/i18n.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { taskMessages } from './tasks.messages.ts';
import { plansApi, type PlanDetail, type Task } from './plans.api.ts';
import { planQueries, useInvalidatePlan } from './plans.queries.ts';
import { orgKeys } from '../../org/ui/index.ts';
import type { EditorNode } from './plan-tree.ts';
import { CLOSING_ROOT, pickTree, taskKeys } from './from-nodes.ts';
import { usePlanDirectory } from './usePlanDirectory.ts';
import { TaskTable, taskRowView } from './TaskTable.tsx';
import { TaskDrawer } from './TaskDrawer.tsx';
import { UnresolvedNames } from './UnresolvedNames.tsx';
import { TaskTableImport } from './TaskTableImport.tsx';

/**
 * The plan's key tasks in the official table layout, with who leads them and by when; the drafting office edits a
 * task, creates tasks from nodes of the text, imports a task table into the plan, and matches written names.
 */
export function PlanTasksTab({ detail, tree }: { detail: PlanDetail; tree: EditorNode[] }) {
  const { plan } = detail;
  const t = useMessages(taskMessages);
  const tc = useT();
  const feedback = useFeedback();
  const isPhone = useIsPhone();
  const directory = usePlanDirectory();
  const list = useQuery(planQueries.tasks(plan.id));
  const unresolved = useQuery(planQueries.unresolved(plan.id));
  const invalidatePlan = useInvalidatePlan(plan.id);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Task | null>(null);
  const [picking, setPicking] = useState(false);
  const [importing, setImporting] = useState(false);
  const tasks = useMemo(() => list.data?.tasks ?? [], [list.data]);
  const rows = useMemo(() => tasks.map(taskRowView), [tasks]);
  const byId = useMemo(() => new Map(tasks.map((task) => [task.id, task])), [tasks]);
  const canAssign = list.data?.canAssign ?? false;
  const unresolvedCount = (unresolved.data?.units.length ?? 0) + (unresolved.data?.leaders.length ?? 0);

  // Tasks change the plan's counts; a matched name may also have become a unit's alias.
  const reload = async () => {
    await Promise.all([invalidatePlan(), queryClient.invalidateQueries({ queryKey: orgKeys.allUnits })]);
  };

  const remove = async (task: Task) => {
    try {
      await plansApi.deleteTask(task.id);
      void feedback.message.success(tc('common.deleted'));
      await reload();
    } catch (error) {
      feedback.error(error);
    }
  };

  const fromTable = async (table: number) => {
    try {
      const { ids, skipped } = await plansApi.tasksFromTable(plan.id, table);
      void feedback.message.success(skipped ? t('tasks.fromNodesDoneSkipped', { count: ids.length, skipped }) : t('tasks.fromNodesDone', { count: ids.length }));
      await reload();
    } catch (error) {
      feedback.error(error);
    }
  };

  const actions = (id: string) => {
    const task = byId.get(id);
    if (!task) return null;
    return (
      <Flex gap={0} wrap>
        {task.abilities.includes('update') ? (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(task)} aria-label={t('tasks.edit')} title={t('tasks.edit')} data-testid="task-edit" />
        ) : null}
        {task.abilities.includes('delete') ? (
          <Popconfirm title={t('tasks.deleteConfirm', { name: task.title.slice(0, 30) })} okButtonProps={{ danger: true }} onConfirm={() => void remove(task)}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('tasks.delete')} title={t('tasks.delete')} />
          </Popconfirm>
        ) : null}
      </Flex>
    );
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text strong data-testid="task-count">
          {t('tasks.count', { count: tasks.length })}
        </Typography.Text>
        {canAssign ? (
          <Flex gap={8} wrap>
            <Button icon={<NodeIndexOutlined />} onClick={() => setPicking(true)} disabled={!tree.length} data-testid="tasks-from-nodes">
              {t('tasks.fromNodes')}
            </Button>
            {detail.version.tables.map((table, i) => (
              <Popconfirm
                key={i}
                title={t('tasks.fromTableConfirm', { name: table.title ?? table.annex ?? String(i + 1), count: table.rows.filter((r) => r.kind === 'row').length })}
                onConfirm={() => void fromTable(i)}
              >
                <Button icon={<FileExcelOutlined />} data-testid="tasks-from-table">
                  {t('tasks.fromTable', { name: table.annex ?? String(i + 1) })}
                </Button>
              </Popconfirm>
            ))}
            <Button icon={<FileExcelOutlined />} onClick={() => setImporting(true)} data-testid="tasks-import">
              {t('tasks.import')}
            </Button>
          </Flex>
        ) : null}
      </Flex>
      {unresolvedCount ? (
        <Collapse
          size="small"
          defaultActiveKey={canAssign ? ['names'] : []}
          items={[
            {
              key: 'names',
              label: (
                <Flex gap={8} align="center">
                  {t('unresolved.title')}
                  <Badge count={unresolvedCount} color="orange" />
                </Flex>
              ),
              children: unresolved.data ? (
                <UnresolvedNames planId={plan.id} names={unresolved.data} canResolve={canAssign} unitTree={directory.units.tree} leaders={directory.leaders} onResolved={() => void reload()} />
              ) : null,
            },
          ]}
        />
      ) : null}
      <TaskTable
        rows={rows}
        loading={list.isFetching}
        actions={tasks.some((task) => task.abilities.length) ? actions : undefined}
        empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.empty')} />}
        testId="task-table"
      />
      <TaskDrawer
        task={editing}
        unitTree={directory.units.tree}
        leaders={directory.leaders}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void reload();
        }}
      />
      <FromNodesModal open={picking} planId={plan.id} tree={tree} closing={detail.version.meta.closing} tasks={tasks} onClose={() => setPicking(false)} onCreated={() => (setPicking(false), void reload())} />
      <Modal open={importing} title={t('importTable.title')} onCancel={() => setImporting(false)} footer={null} width={isPhone ? '100%' : 1100} destroyOnHidden>
        <TaskTableImport
          plan={{ id: plan.id, title: plan.title, taskCount: tasks.length }}
          onImported={() => {
            setImporting(false);
            void reload();
          }}
        />
      </Modal>
    </Flex>
  );
}

/**
 * Ticks nodes of the current version and closing paragraphs; each becomes one task citing its node, named by its lead
 * sentence. A ticked part ticks its items. Nodes that already have a task are marked and left out unless the person
 * asks for them again.
 */
function FromNodesModal({ open, planId, tree, closing, tasks, onClose, onCreated }: { open: boolean; planId: string; tree: EditorNode[]; closing?: string; tasks: Task[]; onClose: () => void; onCreated: () => void }) {
  const t = useMessages(taskMessages);
  const feedback = useFeedback();
  const [checked, setChecked] = useState<string[]>([]);
  const [again, setAgain] = useState(false);
  const [saving, setSaving] = useState(false);
  const pick = useMemo(() => pickTree(tree, closing, tasks), [tree, closing, tasks]);
  const keys = useMemo(() => taskKeys(pick, checked), [pick, checked]);

  const create = async () => {
    if (!keys.length) {
      void feedback.message.warning(t('tasks.fromNodesPick'));
      return;
    }
    setSaving(true);
    try {
      const { ids, skipped } = await plansApi.tasksFromNodes(planId, keys, again);
      void feedback.message.success(skipped.length ? t('tasks.fromNodesDoneSkipped', { count: ids.length, skipped: skipped.length }) : t('tasks.fromNodesDone', { count: ids.length }));
      setChecked([]);
      setAgain(false);
      onCreated();
    } catch (error) {
      feedback.error(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('tasks.fromNodesTitle')}
      onCancel={onClose}
      onOk={() => void create()}
      okText={t('tasks.fromNodesOk', { count: keys.length })}
      okButtonProps={{ disabled: !keys.length, ...{ 'data-testid': 'from-nodes-ok' } }}
      confirmLoading={saving}
    >
      <Typography.Paragraph type="secondary">{t('tasks.fromNodesHint')}</Typography.Paragraph>
      {pick.some(function any(n): boolean {
        return n.hasTask || n.children.some(any);
      }) ? (
        <Checkbox checked={again} onChange={(e) => (setAgain(e.target.checked), setChecked([]))} data-testid="from-nodes-again">
          {t('tasks.fromNodesAgain')}
        </Checkbox>
      ) : null}
      <div style={{ maxHeight: 420, overflow: 'auto' }} data-testid="from-nodes-tree">
        <Tree
          checkable
          defaultExpandAll
          treeData={pick.map(function toData(o): { key: string; title: ReactNode; disableCheckbox: boolean; children?: ReturnType<typeof toData>[] } {
            return {
              key: o.key,
              title: o.key === CLOSING_ROOT ? t('tasks.closing') : o.hasTask ? (
                <span>
                  {o.title} <Tag color="blue">{t('tasks.hasTask')}</Tag>
                </span>
              ) : (
                o.title
              ),
              disableCheckbox: o.hasTask && !again,
              children: o.children.length ? o.children.map(toData) : undefined,
            };
          })}
          checkedKeys={checked}
          onCheck={(ticked) => setChecked((Array.isArray(ticked) ? ticked : ticked.checked).map(String))}
          selectable={false}
        />
      </div>
    </Modal>
  );
}
