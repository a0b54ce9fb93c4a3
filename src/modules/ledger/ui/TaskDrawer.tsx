import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Col, Drawer, Flex, Form, Input, InputNumber, Row, Select, TreeSelect, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages, useT } from '../../../web/i18n.ts';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { unitTreeOptions, type Person, type TreeOption, type UnitNode } from '../../org/ui/index.ts';
import { taskMessages } from './tasks.messages.ts';
import { plansApi, type NameRef, type Task, type TaskKind } from './plans.api.ts';
import { isoDateOrNull } from './plans.format.ts';
import { DateField } from '../../../web/components/DateField.tsx';

/** A name in a picker: a directory id, or `raw:` and the name as written while it is unmatched. */
const RAW = 'raw:';
const toValue = (id: string | null, raw: string) => (id ?? `${RAW}${raw}`);
const toRef = (value: string): NameRef => (value.startsWith(RAW) ? { rawName: value.slice(RAW.length) } : { id: value });

interface TaskForm {
  title: string;
  deadlineText: string;
  kind: TaskKind | 'auto';
  leaders: string[];
  leadUnit: string | null;
  coUnits: string[];
  milestones: { title: string; dueText: string }[];
  indicators: { name: string; unitOfMeasure: string; baseline: number | null; target: number | null; targetDate: string }[];
  note: string;
}

/**
 * Edits one key task: its text, deadline as written (read again on saving), lead city leaders, lead and responsible
 * units (picked from the directory; names not matched yet stay as written, flagged), milestones, indicators, note.
 */
export function TaskDrawer(props: { task: Task | null; unitTree: UnitNode[]; leaders: Person[]; onClose: () => void; onSaved: () => void }) {
  const { task, unitTree, leaders, onClose, onSaved } = props;
  const t = useMessages(taskMessages);
  const tc = useT();
  const feedback = useFeedback();
  const client = useQueryClient();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<TaskForm>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!task) return;
    form.resetFields();
    form.setFieldsValue({
      title: task.title,
      deadlineText: task.deadline_text,
      kind: task.task_kind,
      leaders: task.leaders.map((l) => toValue(l.person_id, l.raw_name)),
      leadUnit: task.leadUnit ? toValue(task.leadUnit.unit_id, task.leadUnit.raw_name) : null,
      coUnits: task.coUnits.map((u) => toValue(u.unit_id, u.raw_name)),
      milestones: task.milestones.map((m) => ({ title: m.title, dueText: m.due_text })),
      indicators: task.indicators.map((m) => ({ name: m.name, unitOfMeasure: m.unit_of_measure, baseline: m.baseline, target: m.target, targetDate: m.target_date ?? '' })),
      note: task.note,
    });
  }, [task, form]);

  // Unmatched names of this task stay choosable as written, marked, so saving does not drop them.
  const unitOptions = useMemo<TreeOption[]>(() => {
    const raws = task ? [task.leadUnit, ...task.coUnits].filter((u) => u && !u.unit_id).map((u) => u!.raw_name) : [];
    return [...[...new Set(raws)].map((raw) => ({ value: `${RAW}${raw}`, title: `⚠ ${raw}` })), ...unitTreeOptions(unitTree)];
  }, [task, unitTree]);
  const leaderOptions = useMemo(() => {
    const raws = task ? task.leaders.filter((l) => !l.person_id).map((l) => l.raw_name) : [];
    return [
      ...raws.map((raw) => ({ value: `${RAW}${raw}`, label: `⚠ ${raw}` })),
      ...leaders.map((p) => ({ value: p.id, label: p.title ? `${p.name} · ${p.title}` : p.name })),
    ];
  }, [task, leaders]);

  const submit = async (values: TaskForm) => {
    if (!task) return;
    setSaving(true);
    try {
      await plansApi.updateTask(task.id, {
        title: values.title.trim(),
        deadlineText: values.deadlineText?.trim() ?? '',
        // The kind follows the deadline (the server's one rule) unless the person picked it: 长期坚持 written as the
        // deadline makes the task 长期坚持 as the table import does.
        ...(values.kind === 'auto' || !form.isFieldTouched('kind') ? {} : { kind: values.kind }),
        leaders: (values.leaders ?? []).map(toRef),
        leadUnit: values.leadUnit ? toRef(values.leadUnit) : null,
        coUnits: (values.coUnits ?? []).map(toRef),
        milestones: (values.milestones ?? []).filter((m) => m?.title?.trim()).map((m) => ({ title: m.title.trim(), dueText: m.dueText?.trim() ?? '' })),
        indicators: (values.indicators ?? [])
          .filter((m) => m?.name?.trim())
          .map((m) => ({ name: m.name.trim(), unitOfMeasure: m.unitOfMeasure?.trim() ?? '', baseline: m.baseline ?? null, target: m.target ?? null, targetDate: isoDateOrNull(m.targetDate) })),
        note: values.note ?? '',
        version: task.version,
      });
      void feedback.message.success(t('task.saved'));
      // A task's deadline, units or milestones show on other pages too (the progress board's expected progress and
      // warning, the workbench, a leader's page): every cached answer is read again when next shown.
      void client.invalidateQueries();
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        void feedback.message.warning(t('task.conflict'));
        onSaved();
      } else feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={task !== null}
      onClose={onClose}
      title={t('tasks.edit')}
      size={isPhone ? '100%' : 640}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{tc('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="task-save">
            {tc('common.save')}
          </Button>
        </Flex>
      }
    >
      {task?.source_row ? (
        <Typography.Paragraph type="secondary">{t('task.source', { row: task.source_row })}</Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item name="title" label={t('task.title')} rules={[{ required: true, whitespace: true, message: t('task.titleRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item name="deadlineText" label={t('task.deadline')} extra={t('task.deadlineHint')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="kind" label={t('task.kind')}>
              <Select
                options={[
                  { value: 'auto', label: t('task.kindAuto') },
                  ...(['one_off', 'phased', 'ongoing'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) })),
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="leaders" label={t('task.leaders')}>
          <Select mode="multiple" options={leaderOptions} showSearch={{ optionFilterProp: 'label' }} allowClear data-testid="task-leaders" />
        </Form.Item>
        <Form.Item name="leadUnit" label={t('task.leadUnit')}>
          <TreeSelect treeData={unitOptions} showSearch={{ treeNodeFilterProp: 'title' }} allowClear data-testid="task-lead-unit" />
        </Form.Item>
        <Form.Item name="coUnits" label={t('task.coUnits')}>
          <TreeSelect treeData={unitOptions} multiple showSearch={{ treeNodeFilterProp: 'title' }} allowClear data-testid="task-co-units" />
        </Form.Item>

        <Typography.Text strong>{t('task.milestones')}</Typography.Text>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8} style={{ margin: '8px 0 16px' }}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="flex-start">
                  <Form.Item name={[field.name, 'title']} style={{ flex: 2, marginBottom: 0 }}>
                    <Input placeholder={t('task.milestoneTitle')} aria-label={t('task.milestoneTitle')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'dueText']} style={{ flex: 1, marginBottom: 0 }}>
                    <Input placeholder={t('task.milestoneDue')} aria-label={t('task.milestoneDue')} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('task.remove')} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', dueText: '' })}>
                {t('task.add')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <Typography.Text strong>{t('task.indicators')}</Typography.Text>
        <Form.List name="indicators">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8} style={{ margin: '8px 0 16px' }}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="flex-start" wrap>
                  <Form.Item name={[field.name, 'name']} style={{ flex: '2 1 160px', marginBottom: 0 }}>
                    <Input placeholder={t('task.indicatorName')} aria-label={t('task.indicatorName')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unitOfMeasure']} style={{ flex: '0 1 70px', marginBottom: 0 }}>
                    <Input placeholder={t('task.indicatorUnit')} aria-label={t('task.indicatorUnit')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'baseline']} style={{ flex: '1 1 80px', marginBottom: 0 }}>
                    <InputNumber placeholder={t('task.indicatorBaseline')} aria-label={t('task.indicatorBaseline')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'target']} style={{ flex: '1 1 80px', marginBottom: 0 }}>
                    <InputNumber placeholder={t('task.indicatorTarget')} aria-label={t('task.indicatorTarget')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'targetDate']} style={{ flex: '1 1 110px', marginBottom: 0 }}>
                    <DateField aria-label={t('task.indicatorDate')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('task.remove')} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', unitOfMeasure: '', baseline: null, target: null, targetDate: '' })}>
                {t('task.add')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <Form.Item name="note" label={t('task.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
