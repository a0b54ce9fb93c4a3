import { useMemo, useState } from 'react';
import { Badge, Button, Collapse, Empty, Flex, Modal, Popconfirm, Tree, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, FileExcelOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages, useT } from '../../../web/i18n.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { taskMessages } from './tasks.messages.ts';
import { plansApi, type PlanDetail, type Task } from './plans.api.ts';
import { planQueries, useInvalidatePlan } from './plans.queries.ts';
import { orgKeys } from '../../org/ui/index.ts';
import { flatten, type EditorNode } from './plan-tree.ts';
import { nodeOptions } from './DeriveModal.tsx';
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
            <Button icon={<NodeIndexOutlined />} onClick={() => setPicking(true)} disabled={!tree.length}>
              {t('tasks.fromNodes')}
            </Button>
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
      <FromNodesModal open={picking} planId={plan.id} tree={tree} onClose={() => setPicking(false)} onCreated={() => (setPicking(false), void reload())} />
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

/** Ticks nodes of the current version; each becomes one task citing its node. */
function FromNodesModal({ open, planId, tree, onClose, onCreated }: { open: boolean; planId: string; tree: EditorNode[]; onClose: () => void; onCreated: () => void }) {
  const t = useMessages(taskMessages);
  const feedback = useFeedback();
  const [checked, setChecked] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const options = useMemo(() => nodeOptions(tree), [tree]);
  const allKeys = useMemo(() => flatten(tree).map(({ node }) => node.key).filter((k): k is string => !!k), [tree]);

  const create = async () => {
    if (!checked.length) {
      void feedback.message.warning(t('tasks.fromNodesPick'));
      return;
    }
    setSaving(true);
    try {
      // In document order, whatever the order of ticking.
      const keys = allKeys.filter((k) => checked.includes(k));
      const { ids } = await plansApi.tasksFromNodes(planId, keys);
      void feedback.message.success(t('tasks.fromNodesDone', { count: ids.length }));
      setChecked([]);
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
      okText={t('tasks.fromNodesOk', { count: checked.length })}
      okButtonProps={{ disabled: !checked.length }}
      confirmLoading={saving}
    >
      <Typography.Paragraph type="secondary">{t('tasks.fromNodesHint')}</Typography.Paragraph>
      <div style={{ maxHeight: 420, overflow: 'auto' }}>
        <Tree
          checkable
          checkStrictly
          defaultExpandAll
          treeData={options.map(function toData(o): { key: string; title: string; children?: ReturnType<typeof toData>[] } {
            return { key: o.value, title: o.title, children: o.children?.map(toData) };
          })}
          checkedKeys={checked}
          onCheck={(keys) => setChecked((Array.isArray(keys) ? keys : keys.checked).map(String))}
          selectable={false}
        />
      </div>
    </Modal>
  );
}
