import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Col, Empty, Flex, Form, Input, Modal, Radio, Row, Tag, Tree, Typography, theme, type TreeDataNode } from 'antd';
import { CommentOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { useQuery } from '@tanstack/react-query';
import { planMessages } from './plans.messages.ts';
import { DECISIONS, plansApi, type CommentDecision, type PlanComment, type PlanDetail } from './plans.api.ts';
import { planQueries, useInvalidatePlan } from './plans.queries.ts';
import { downloadFile } from '../../../web/files.ts';
import type { EditorNode } from './plan-tree.ts';

const DECISION_COLOR: Record<CommentDecision, string> = { pending: 'default', adopted: 'green', partly: 'gold', rejected: 'red' };

/**
 * Consultation (征求意见): while the plan is out for comment, a unit clicks a node and comments on it (or on the whole
 * plan); the drafting office sees every unit's comments grouped by node, marks each adopted, partly adopted or not
 * adopted with a reason, and exports the comment table (意见汇总表).
 */
export function PlanCommentsTab({ detail, tree }: { detail: PlanDetail; tree: EditorNode[] }) {
  const { plan } = detail;
  const t = useMessages(planMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const { token } = theme.useToken();
  // Saving a new version invalidates the plan's keys, so the comments' node headings follow the current text.
  const list = useQuery(planQueries.comments(plan.id));
  const invalidatePlan = useInvalidatePlan(plan.id);
  const comments = useMemo(() => list.data ?? [], [list.data]);
  const [target, setTarget] = useState<EditorNode | null>(null);
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [deciding, setDeciding] = useState<PlanComment | null>(null);
  const [exporting, setExporting] = useState(false);
  const canComment = plan.abilities.includes('comment');
  const canDecide = plan.abilities.includes('decideComments');

  const countByKey = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of comments) if (c.node_key) m.set(c.node_key, (m.get(c.node_key) ?? 0) + 1);
    return m;
  }, [comments]);

  const treeData = useMemo<TreeDataNode[]>(() => {
    const build = (nodes: EditorNode[]): TreeDataNode[] =>
      nodes.map((n) => ({
        key: n.id,
        title: (
          <Flex gap={6} align="center" data-testid="comment-node">
            <span>{`${n.marker}${n.heading}`.trim() || n.text.slice(0, 30)}</span>
            {n.key && countByKey.get(n.key) ? <Badge count={countByKey.get(n.key)} size="small" color={token.colorPrimary} /> : null}
          </Flex>
        ),
        children: n.children.length ? build(n.children) : undefined,
      }));
    return build(tree);
  }, [tree, countByKey, token.colorPrimary]);

  const byId = useMemo(() => {
    const m = new Map<string, EditorNode>();
    const walk = (nodes: EditorNode[]) => nodes.forEach((n) => (m.set(n.id, n), walk(n.children)));
    walk(tree);
    return m;
  }, [tree]);

  // Comments grouped by node in node order (the server sorts them so), the general ones first.
  const groups = useMemo(() => {
    const out: { key: string; label: string; comments: PlanComment[] }[] = [];
    for (const c of comments) {
      const key = c.node_key ?? '';
      let group = out.find((g) => g.key === key);
      if (!group) {
        const label = !c.node_key ? t('comments.onWhole') : `${c.marker ?? ''}${c.heading ?? ''}`.trim() || t('comments.deletedNode');
        group = { key, label, comments: [] };
        if (key) out.push(group);
        else out.unshift(group);
      }
      group.comments.push(c);
    }
    return out;
  }, [comments, t]);

  const submit = async () => {
    if (!body.trim()) return;
    setSending(true);
    try {
      await plansApi.addComment(plan.id, { nodeKey: target?.key ?? null, body: body.trim() });
      void feedback.message.success(t('comments.submitted'));
      setBody('');
      await invalidatePlan();
    } catch (error) {
      feedback.error(error);
    } finally {
      setSending(false);
    }
  };

  const exportTable = async () => {
    setExporting(true);
    try {
      const name = await downloadFile(`/api/plans/${plan.id}/comments.xlsx`, `${plan.title}.xlsx`);
      void feedback.message.success(t('detail.exported', { name }));
    } catch (error) {
      feedback.error(error);
    } finally {
      setExporting(false);
    }
  };

  const pending = comments.filter((c) => c.decision === 'pending').length;
  const nodeLabel = (n: EditorNode) => `${n.marker}${n.heading}`.trim() || n.text.slice(0, 30);

  return (
    <Flex vertical gap={12}>
      {plan.status !== 'consultation' ? <Alert type="info" showIcon title={t('comments.notOpen')} /> : canComment ? <Alert type="info" showIcon title={t('comments.canComment')} /> : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} md={10}>
          <Card size="small" title={t('editor.structure')} styles={{ body: { maxHeight: 560, overflow: 'auto' } }}>
            {tree.length ? (
              <Tree
                blockNode
                defaultExpandAll
                treeData={treeData}
                selectedKeys={target ? [target.id] : []}
                onSelect={(keys) => setTarget(keys.length ? (byId.get(String(keys[0])) ?? null) : null)}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.empty')} />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Flex vertical gap={12}>
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Flex gap={8} align="center">
                <Typography.Text strong>{t('comments.count', { count: comments.length })}</Typography.Text>
                {pending ? <Tag>{t('comments.pending', { count: pending })}</Tag> : null}
              </Flex>
              {plan.abilities.includes('export') && comments.length ? (
                <Button icon={<FileExcelOutlined />} loading={exporting} onClick={() => void exportTable()}>
                  {t('comments.export')}
                </Button>
              ) : null}
            </Flex>
            {!canDecide ? <Typography.Text type="secondary">{t('comments.ownOnly')}</Typography.Text> : null}
            {canComment ? (
              <Card size="small" data-testid="comment-box">
                <Flex vertical gap={8}>
                  <Flex justify="space-between" align="center" wrap gap={8}>
                    <Typography.Text strong>{target ? t('comments.on', { node: nodeLabel(target) }) : t('comments.onWhole')}</Typography.Text>
                    {target ? (
                      <Button type="link" size="small" onClick={() => setTarget(null)}>
                        {t('comments.clearNode')}
                      </Button>
                    ) : null}
                  </Flex>
                  <Input.TextArea value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('comments.placeholder')} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} />
                  <Flex justify="flex-end">
                    <Button type="primary" icon={<CommentOutlined />} loading={sending} disabled={!body.trim()} onClick={() => void submit()}>
                      {t('comments.submit')}
                    </Button>
                  </Flex>
                </Flex>
              </Card>
            ) : null}
            {groups.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('comments.empty')} />
            ) : (
              groups.map((g) => (
                <Card
                  key={g.key || 'whole'}
                  size="small"
                  title={g.label}
                  style={target?.key && target.key === g.key ? { borderColor: token.colorPrimary } : undefined}
                  data-testid="comment-group"
                >
                  <Flex vertical gap={12}>
                    {g.comments.map((c) => (
                      <Flex key={c.id} vertical gap={4}>
                        <Flex gap={8} align="center" wrap>
                          <Typography.Text strong>{c.unit_name}</Typography.Text>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {formatDateTime(c.created_at, locale)}
                          </Typography.Text>
                          <Tag color={DECISION_COLOR[c.decision]}>{t(`decision.${c.decision}`)}</Tag>
                          {c.abilities.includes('decide') ? (
                            <Button size="small" type="link" onClick={() => setDeciding(c)}>
                              {t('decision.decide')}
                            </Button>
                          ) : null}
                        </Flex>
                        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.body}</Typography.Paragraph>
                        {c.decision_reason ? (
                          <Typography.Text type="secondary">
                            {t('decision.reasonLine', { reason: c.decision_reason })}
                          </Typography.Text>
                        ) : null}
                      </Flex>
                    ))}
                  </Flex>
                </Card>
              ))
            )}
          </Flex>
        </Col>
      </Row>
      <DecisionModal
        comment={deciding}
        onClose={() => setDeciding(null)}
        onSaved={() => {
          setDeciding(null);
          void invalidatePlan();
        }}
      />
    </Flex>
  );
}

/** Marks a comment adopted, partly adopted or not adopted; the last two need a reason. */
function DecisionModal({ comment, onClose, onSaved }: { comment: PlanComment | null; onClose: () => void; onSaved: () => void }) {
  const t = useMessages(planMessages);
  const feedback = useFeedback();
  const [form] = Form.useForm<{ decision: CommentDecision; reason: string }>();
  const [saving, setSaving] = useState(false);
  const decision = Form.useWatch('decision', form);

  useEffect(() => {
    if (comment) form.setFieldsValue({ decision: comment.decision === 'pending' ? 'adopted' : comment.decision, reason: comment.decision_reason ?? '' });
  }, [comment, form]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    if (!comment) return;
    setSaving(true);
    try {
      await plansApi.decide(comment.id, { decision: values.decision, reason: values.reason?.trim() || null });
      void feedback.message.success(t('decision.saved'));
      onSaved();
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };

  const needsReason = decision === 'partly' || decision === 'rejected';
  return (
    <Modal open={comment !== null} title={t('decision.title')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden forceRender>
      {comment ? (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }}>
          {t('comments.byUnit', { unit: comment.unit_name, body: comment.body })}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="decision">
          <Radio.Group optionType="button" options={DECISIONS.map((d) => ({ value: d, label: t(`decision.${d}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('decision.reason')} rules={[{ required: needsReason, whitespace: true, message: t('decision.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
