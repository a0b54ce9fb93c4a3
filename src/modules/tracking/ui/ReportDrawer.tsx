import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, List, Row, Select, Space, Tag, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, detailText, errorText } from '../../../web/api.ts';
import { uploadFile } from '../../../web/files.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { clip } from '../../../web/format.ts';
import { useMessages } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { reportMessages } from './reports.messages.ts';
import { reportsApi, type Report, type ReportInput } from './reports.api.ts';
import { firstInvalidField, percentOutOfRange, unitOptions } from './reports.form.ts';
import { DeadlineCard, ReopenCard } from './TaskDecisions.tsx';
import { TaskProjects } from './TaskProjects.tsx';
import { TaskActivities } from './TaskActivities.tsx';
import { TaskTimelineCard } from './TaskTimelineCard.tsx';

interface Props {
  taskId: string;
  period?: string;
  unitId?: string;
  /** Opened from the review queue: this report. */
  reviewId?: string;
  onClose: () => void;
}

interface FormValues {
  unitId?: string;
  kind: 'progress' | 'closing';
  doneText: string;
  percent: number | null;
  milestonesReached: number[];
  indicators: Record<string, number | null>;
  problems: string;
  helpNeeded: string;
  nextSteps: string;
}

const STATUS_COLOR = { draft: 'default', submitted: 'processing', returned: 'warning', accepted: 'success' } as const;

/** One task's report for a period: the supporting units' texts beside the form (牵头单位汇总), evidence, review, timeline. */
export function ReportDrawer({ taskId, period: wantedPeriod, unitId: wantedUnit, reviewId, onClose }: Props) {
  const t = useMessages(reportMessages);
  const me = useMe();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [quoted, setQuoted] = useState<string[]>([]);
  // What a refused submit says about the evidence (办结须附佐证材料), shown where the files are.
  const [evidenceError, setEvidenceError] = useState<string | null>(null);
  const data = useQuery({ queryKey: ['task-reports', taskId], queryFn: () => reportsApi.task(taskId) });
  const d = data.data;
  const unitId = Form.useWatch('unitId', form) ?? wantedUnit ?? d?.writableUnits[0]?.unitId;
  const kind = Form.useWatch('kind', form) ?? 'progress';
  const period = wantedPeriod ?? d?.period.key;
  const report: Report | undefined = useMemo(() => {
    if (!d) return undefined;
    if (reviewId) return d.reports.find((r) => r.id === reviewId);
    return d.reports.find((r) => r.unit_id === unitId && r.kind === kind && (kind === 'closing' ? r.period === 'closing' : r.period === period));
  }, [d, reviewId, unitId, kind, period]);
  const role = d?.task.units.find((u) => u.unitId === (report?.unit_id ?? unitId))?.role;
  const writable = report ? report.abilities.includes('write') : Boolean(d?.writableUnits.length);
  const supporters = (d?.reports ?? []).filter((r) => r.role === 'co' && r.period === period && r.status !== 'draft' && r.kind === 'progress');
  // The task's percent accepted for an earlier period, beside the percent now entered (a lower one is flagged to the
  // writer and to the reviewer alike).
  const shownPeriod = report?.period ?? period;
  const lastAccepted = (d?.reports ?? [])
    .filter((r) => r.role === 'lead' && r.kind === 'progress' && r.status === 'accepted' && r.percent !== null && r.id !== report?.id && shownPeriod !== undefined && r.period < shownPeriod)
    .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0))[0];
  const enteredPercent = Form.useWatch('percent', form);
  const belowLast = lastAccepted && typeof enteredPercent === 'number' && !percentOutOfRange(enteredPercent) && enteredPercent < (lastAccepted.percent ?? 0);

  useEffect(() => {
    if (!d) return;
    form.setFieldsValue({
      unitId: report?.unit_id ?? unitId,
      kind: report?.kind ?? kind,
      doneText: report?.done_text ?? '',
      percent: report?.percent ?? null,
      milestonesReached: report?.milestones_reached ?? [],
      indicators: Object.fromEntries((report?.indicator_values ?? []).map((v) => [String(v.position), v.value])),
      problems: report?.problems ?? '',
      helpNeeded: report?.help_needed ?? '',
      nextSteps: report?.next_steps ?? '',
    });
    setQuoted(report?.quoted_report_ids ?? []);
    // The form follows the report shown, not each keystroke.
  }, [report?.id, report?.version, d === undefined]);

  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['task-reports', taskId] }), client.invalidateQueries({ queryKey: ['reporting'] })]);
  const toInput = (v: FormValues): ReportInput => ({
    unitId: v.unitId,
    kind: v.kind,
    period: v.kind === 'closing' ? undefined : period,
    doneText: v.doneText,
    percent: role === 'lead' ? (v.percent ?? null) : undefined,
    milestonesReached: v.milestonesReached,
    indicatorValues: Object.entries(v.indicators ?? {})
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([position, value]) => ({ position: Number(position), value: value as number })),
    problems: v.problems,
    helpNeeded: v.helpNeeded,
    nextSteps: v.nextSteps,
    quotedReportIds: quoted,
  });
  const save = useMutation({
    mutationFn: async (submit: boolean) => {
      const saved = await reportsApi.save(taskId, toInput(await form.validateFields()));
      return submit ? reportsApi.submit(saved.id) : saved;
    },
    onSuccess: (r) => {
      void feedback.message.success(r.status === 'submitted' ? t('form.submittedOk') : t('form.saved'));
      return refresh();
    },
    onError: (e) => {
      // The form's own checks refused it: each field says what is wrong under it; the first is brought into view.
      const invalid = firstInvalidField(e);
      if (invalid) {
        form.scrollToField(invalid, { behavior: 'smooth', block: 'center' });
        return;
      }
      feedback.error(e, form);
      const missing = e instanceof ApiError ? e.details.find((x) => x.field === 'evidence') : undefined;
      if (missing && e instanceof ApiError) setEvidenceError(detailText(missing, e));
      // The draft may have been saved before the submit was refused.
      return refresh();
    },
  });
  const review = useMutation({
    mutationFn: (accept: boolean) => (accept ? reportsApi.accept(report!.id) : reportsApi.return(report!.id, reason)),
    onSuccess: (_, accept) => {
      void feedback.message.success(t(accept ? 'review.accepted' : 'review.returned'));
      return refresh();
    },
    onError: (e) => feedback.error(e),
  });
  const removeFile = useMutation({ mutationFn: reportsApi.deleteEvidence, onSuccess: refresh, onError: (e) => feedback.error(e) });

  // Quoting a supporting unit's report adds each of its texts (进展, 存在问题, 需协调事项, 下步计划) under the unit's name
  // to the same field of the lead unit's report.
  const quote = (r: Report) => {
    const who = `【${r.unit_short_name ?? r.unit_name}】`;
    for (const [field, text] of [['doneText', r.done_text], ['problems', r.problems], ['helpNeeded', r.help_needed], ['nextSteps', r.next_steps]] as const) {
      if (!text?.trim()) continue;
      const current = form.getFieldValue(field) as string | undefined;
      form.setFieldValue(field, `${current ? `${current}\n` : ''}${who}${text}`);
    }
    setQuoted((q) => (q.includes(r.id) ? q : [...q, r.id]));
  };
  const files = (d?.evidence ?? []).filter((f) => f.report_id === report?.id);
  /** The server's evidence limit in MB, to one decimal, as the form states it. */
  const evidenceMb = Math.floor(((d?.evidenceMaxBytes ?? 0) / (1024 * 1024)) * 10) / 10;

  return (
    <Drawer open width={Math.min(1100, window.innerWidth)} onClose={onClose} title={d ? `${d.task.seq ? `${d.task.seq}. ` : ''}${clip(d.task.title, 40)}` : ''} destroyOnHidden>
      {data.error && <Alert type="error" message={errorText(data.error)} />}
      {d && (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('col.plan')}>{d.task.planTitle}</Descriptions.Item>
            <Descriptions.Item label={t('task.due')}>
              {d.task.dueDate ?? d.task.deadlineText}
              {d.task.originalDueDate && <Typography.Text type="secondary">（{t('task.originalDue', { date: d.task.originalDueDate })}）</Typography.Text>}
              {d.task.closedAt && <Tag color="success" style={{ marginInlineStart: 8 }}>{t('task.closed')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('col.period')}>
              <Space size={8} wrap>
                <span>{kind === 'closing' ? t('kind.closing') : period}</span>
                {report && <Tag color={STATUS_COLOR[report.status]}>{t(`status.${report.status}`)}</Tag>}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          {report?.status === 'returned' && report.return_reason && <Alert type="warning" showIcon message={`${t('col.reason')}：${report.return_reason}`} />}
          {!reviewId && <DeadlineCard data={d} onChanged={refresh} />}
          <ReopenCard data={d} onChanged={refresh} />
          {kind === 'closing' && writable && !reviewId && <Alert type="info" showIcon message={t('closing.hint')} />}

          {role === 'lead' && !reviewId && (
            <Card size="small" title={t('merge.title')}>
              {supporters.length === 0 ? (
                <Typography.Text type="secondary">{t('merge.none')}</Typography.Text>
              ) : (
                <Row gutter={[12, 12]}>
                  {supporters.map((r) => (
                    <Col key={r.id} xs={24} md={12} xl={8}>
                      <Card
                        size="small"
                        type="inner"
                        title={r.unit_short_name ?? r.unit_name}
                        extra={writable && <Button size="small" disabled={quoted.includes(r.id)} onClick={() => quote(r)}>{t('merge.quote')}</Button>}
                      >
                        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{r.done_text}</Typography.Paragraph>
                        {(['problems', 'help_needed', 'next_steps'] as const).map((k) =>
                          r[k] ? (
                            <Typography.Paragraph key={k} type="secondary" style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                              {t(k === 'problems' ? 'form.problems' : k === 'help_needed' ? 'form.helpNeeded' : 'form.nextSteps')}：{r[k]}
                            </Typography.Paragraph>
                          ) : null,
                        )}
                      </Card>
                    </Col>
                  ))}
                </Row>
              )}
            </Card>
          )}

          <Form<FormValues> form={form} layout="vertical" disabled={!writable || Boolean(reviewId)} initialValues={{ kind: 'progress', milestonesReached: [], indicators: {} }}>
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Form.Item name="unitId" label={t('form.unit')}>
                  <Select options={unitOptions(d, reviewId ? report : undefined)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="kind" label={t('form.kind')}>
                  <Select options={[{ value: 'progress', label: t('form.kindProgress') }, ...(role === 'lead' ? [{ value: 'closing', label: t('form.kindClosing') }] : [])]} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="doneText" label={t('form.doneText')} rules={[{ required: true, whitespace: true, message: t('form.doneTextRequired') }]}>
              <Input.TextArea rows={5} maxLength={20000} />
            </Form.Item>
            {role === 'lead' && (
              <Form.Item
                name="percent"
                label={t('form.percent')}
                validateStatus={belowLast ? 'warning' : undefined}
                help={belowLast ? t('form.belowLast', { percent: String(lastAccepted.percent), period: lastAccepted.period }) : undefined}
                extra={lastAccepted && !belowLast ? t('form.lastAccepted', { percent: String(lastAccepted.percent), period: lastAccepted.period }) : undefined}
                // Refused, not clamped (InputNumber's min and max would turn 150 into 100 without a word); the server checks too.
                rules={[{ validator: (_, v) => (percentOutOfRange(v) ? Promise.reject(new Error(t('form.percentRange'))) : Promise.resolve()) }]}
              >
                <InputNumber addonAfter="%" />
              </Form.Item>
            )}
            {d.task.milestones.length > 0 && (
              <Form.Item name="milestonesReached" label={t('form.milestones')}>
                <Checkbox.Group options={d.task.milestones.map((m) => ({ value: m.position, label: `${m.title}${m.dueDate ? `（${m.dueDate}）` : ''}` }))} />
              </Form.Item>
            )}
            {d.task.indicators.map((i) => (
              <Form.Item key={i.position} name={['indicators', String(i.position)]} label={t('form.indicator', { name: i.name, unit: i.unitOfMeasure || '—' })}>
                {/* The writer and the reviewer read the measured value against the task's target. */}
                <InputNumber style={{ width: 200 }} addonAfter={i.target === null ? undefined : t('form.indicatorTarget', { target: i.target })} />
              </Form.Item>
            ))}
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="problems" label={t('form.problems')}>
                  <Input.TextArea rows={3} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="helpNeeded" label={t('form.helpNeeded')}>
                  <Input.TextArea rows={3} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="nextSteps" label={t('form.nextSteps')}>
                  <Input.TextArea rows={3} />
                </Form.Item>
              </Col>
            </Row>
          </Form>

          <Card size="small" title={t('form.evidence')}>
            {evidenceError && files.length === 0 && <Alert type="error" showIcon message={evidenceError} style={{ marginBottom: 8 }} />}
            <List
              size="small"
              dataSource={files}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('form.noEvidence')} /> }}
              renderItem={(f) => (
                <List.Item actions={writable ? [<Button key="x" size="small" type="link" danger onClick={() => removeFile.mutate(f.id)}>×</Button>] : []}>
                  <a href={`/api/evidence/${f.id}`}>
                    <PaperClipOutlined /> {f.file_name}
                  </a>
                  <Typography.Text type="secondary"> {Math.ceil(f.size_bytes / 1024)} KB</Typography.Text>
                </List.Item>
              )}
            />
            {writable && (
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }} data-testid="evidence-rule">
                {t('form.evidenceRule', { mb: evidenceMb })}
                {report ? '' : `；${t('form.evidenceSaveFirst')}`}
              </Typography.Paragraph>
            )}
            {writable && report && (
              <Upload
                showUploadList={false}
                accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
                beforeUpload={(file) => {
                  // Said at once, before a large file is sent; the server checks again.
                  if (d && file.size > d.evidenceMaxBytes) {
                    feedback.error(new Error(t('form.evidenceTooLarge', { name: file.name, mb: evidenceMb })));
                    return Upload.LIST_IGNORE;
                  }
                  return true;
                }}
                customRequest={({ file, onSuccess, onError }) => {
                  uploadFile(`/api/reports/${report.id}/evidence`, file as File, { csrfToken: me.csrfToken })
                    .then((r) => {
                      onSuccess?.(r);
                      return refresh();
                    })
                    .catch((e: unknown) => {
                      feedback.error(e);
                      onError?.(e as Error);
                    });
                }}
              >
                <Button icon={<UploadOutlined />}>{t('form.upload')}</Button>
              </Upload>
            )}
          </Card>

          {!reviewId && (
            <Space>
              {!writable && <Typography.Text type="secondary">{t(d?.writableUnits.length ? 'form.readOnly' : 'form.viewOnly')}</Typography.Text>}
              <Button disabled={!writable} loading={save.isPending && save.variables === false} onClick={() => save.mutate(false)}>
                {t('form.save')}
              </Button>
              <Button type="primary" disabled={!writable} loading={save.isPending && save.variables === true} onClick={() => save.mutate(true)}>
                {t('form.submit')}
              </Button>
            </Space>
          )}
          {report?.abilities.includes('review') && (
            <Card size="small">
              <Space wrap>
                <Button type="primary" loading={review.isPending && review.variables === true} onClick={() => review.mutate(true)}>
                  {t('review.accept')}
                </Button>
                <Input
                  style={{ width: 320 }}
                  placeholder={t('review.reason')}
                  aria-label={t('review.reason')}
                  status={reasonMissing ? 'error' : undefined}
                  value={reason}
                  onChange={(e) => {
                    setReason(e.target.value);
                    setReasonMissing(false);
                  }}
                />
                <Button
                  danger
                  loading={review.isPending && review.variables === false}
                  onClick={() => (reason.trim() ? review.mutate(false) : setReasonMissing(true))}
                >
                  {t('review.return')}
                </Button>
              </Space>
              {/* Said beside the field, not only in a toast that goes after a few seconds. */}
              {reasonMissing ? (
                <Typography.Text type="danger" role="alert" style={{ display: 'block', marginTop: 4 }}>
                  {t('review.reasonRequired')}
                </Typography.Text>
              ) : null}
            </Card>
          )}

          {!reviewId && <TaskProjects taskId={taskId} />}

          <TaskActivities taskId={taskId} />

          <TaskTimelineCard data={d} report={report} />
        </Flex>
      )}
    </Drawer>
  );
}
