import { useEffect, useMemo, useState } from 'react';
import { Form, Input, Modal, Typography, TreeSelect } from 'antd';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { planMessages } from './plans.messages.ts';
import { plansApi, type Plan } from './plans.api.ts';
import type { EditorNode } from './plan-tree.ts';

interface TreeOption {
  value: string;
  title: string;
  children?: TreeOption[];
}

/** The stored nodes of a plan as TreeSelect options (by node key). */
export function nodeOptions(tree: EditorNode[]): TreeOption[] {
  return tree
    .filter((n) => n.key)
    .map((n) => ({
      value: n.key!,
      title: `${n.marker}${n.heading}`.trim() || n.text.slice(0, 30),
      children: n.children.length ? nodeOptions(n.children) : undefined,
    }));
}

function byKey(tree: EditorNode[], key: string | null): EditorNode | null {
  if (!key) return null;
  for (const n of tree) {
    if (n.key === key) return n;
    const inner = byKey(n.children, key);
    if (inner) return inner;
  }
  return null;
}

/** Derives a work plan from one node of a plan (逐级分解): pick the node, name the new plan, and go to it. */
export function DeriveModal(props: { open: boolean; plan: Plan; tree: EditorNode[]; nodeKey: string | null; onClose: () => void; onDerived: (plan: Plan) => void }) {
  const { open, plan, tree, nodeKey, onClose, onDerived } = props;
  const t = useMessages(planMessages);
  const feedback = useFeedback();
  const [form] = Form.useForm<{ nodeKey: string; title: string }>();
  const [saving, setSaving] = useState(false);
  const [titleTouched, setTitleTouched] = useState(false);
  const options = useMemo(() => nodeOptions(tree), [tree]);

  const defaultTitle = (key: string | null) => {
    const node = byKey(tree, key);
    return node ? t('derive.nameDefault', { heading: node.heading || node.marker }) : '';
  };

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ nodeKey: nodeKey ?? undefined, title: defaultTitle(nodeKey) });
    setTitleTouched(false);
    // Filled once per opening; the tree and dictionary do not change while the dialog is open.
  }, [open, nodeKey]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaving(true);
    try {
      const created = await plansApi.derive(plan.id, { nodeKey: values.nodeKey, title: values.title.trim() });
      void feedback.message.success(t('derive.done'));
      onDerived(created);
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={t('derive.title')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('derive.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="nodeKey" label={t('derive.node')} rules={[{ required: true, message: t('derive.nodeRequired') }]}>
          <TreeSelect
            treeData={options}
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            onChange={(key: string) => {
              if (!titleTouched) form.setFieldValue('title', defaultTitle(key));
            }}
            data-testid="derive-node"
          />
        </Form.Item>
        <Form.Item name="title" label={t('derive.name')} rules={[{ required: true, whitespace: true, message: t('field.titleRequired') }]}>
          <Input onChange={() => setTitleTouched(true)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
