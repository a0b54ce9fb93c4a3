import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Row, Select, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../../web/api.ts';
import { todayInChina } from '../../../web/format.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { pickLanguage, useLocale, useMessages } from '../../../web/i18n.ts';
import { projectMessages } from './projects.messages.ts';
import { KINDS, projectsApi, STAGES, type ProjectInput, type ProjectStage, type TaskProject } from './projects.api.ts';
import { DateField } from '../../../web/components/DateField.tsx';

const STAGE_COLOR: Record<ProjectStage, string> = { signed: 'blue', started: 'cyan', producing: 'green', full: 'gold' };
const dateOf = (p: TaskProject, s: ProjectStage) => ({ signed: p.signed_on, started: p.started_on, producing: p.producing_on, full: p.full_on })[s];

type Dialog = { kind: 'add' } | { kind: 'edit'; project: TaskProject } | { kind: 'move'; project: TaskProject } | { kind: 'correct'; project: TaskProject } | { kind: 'note'; project: TaskProject };

/** A task's projects (项目): each with its stage and dates, partner and timeline; the lead unit adds, moves and notes. */
export function TaskProjects({ taskId }: { taskId: string }) {
  const t = useMessages(projectMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm();
  const data = useQuery({ queryKey: ['task-projects', taskId], queryFn: () => projectsApi.ofTask(taskId) });
  const writable = data.data?.abilities.includes('write') ?? false;

  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      if (!dialog) return;
      if (dialog.kind === 'add') return projectsApi.create(taskId, { ...(v as ProjectInput), signedOn: v.signedOn || undefined });
      if (dialog.kind === 'edit') {
        const text = (x: string | undefined | null) => (x ?? '').trim() || null;
        return projectsApi.update(dialog.project.id, {
          kind: v.kind,
          name: v.name,
          amount: v.amount,
          regionCode: text(v.regionCode),
          chainSegment: text(v.chainSegment),
          partnerName: text(v.partnerName),
          partnerUscc: text(v.partnerUscc),
          version: dialog.project.version,
        });
      }
      if (dialog.kind === 'note') return projectsApi.note(dialog.project.id, { date: v.date, body: v.body });
      return projectsApi.move(dialog.project.id, { stage: v.stage, date: dialog.kind === 'move' ? v.date : null, reason: dialog.kind === 'correct' ? v.reason : null, version: dialog.project.version });
    },
    onSuccess: async () => {
      void feedback.message.success(t('section.saved'));
      setDialog(null);
      await Promise.all([client.invalidateQueries({ queryKey: ['task-projects', taskId] }), client.invalidateQueries({ queryKey: ['plan-projects'] })]);
    },
    onError: (e) => feedback.error(e, form),
  });

  const open = (d: Dialog) => {
    form.resetFields();
    if (d.kind === 'add') form.setFieldsValue({ kind: 'investment', signedOn: todayInChina() });
    if (d.kind === 'edit') {
      const p = d.project;
      form.setFieldsValue({ kind: p.kind, name: p.name, amount: p.amount, regionCode: p.site_region_code ?? '', chainSegment: p.chain_segment ?? '', partnerName: p.partner_name ?? '', partnerUscc: p.partner_uscc ?? '' });
    }
    if (d.kind === 'move') form.setFieldsValue({ stage: STAGES[STAGES.indexOf(d.project.stage) + 1], date: todayInChina() });
    if (d.kind === 'correct') form.setFieldsValue({ stage: STAGES[STAGES.indexOf(d.project.stage) - 1] });
    if (d.kind === 'note') form.setFieldsValue({ date: todayInChina() });
    setDialog(d);
  };
  const stageName = (s: ProjectStage | null) => (s ? t(`stage.${s}`) : '');

  return (
    <Card
      size="small"
      title={t('section.title')}
      data-testid="task-projects"
      extra={
        writable && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => open({ kind: 'add' })}>
            {t('section.add')}
          </Button>
        )
      }
    >
      {data.error && <Alert type="error" message={errorText(data.error)} />}
      {data.data && data.data.projects.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('section.empty')} />}
      <Flex vertical gap={12}>
        {data.data?.projects.map((p) => {
          const at = STAGES.indexOf(p.stage);
          return (
            <Card
              key={p.id}
              size="small"
              data-testid="project-card"
              title={
                <Space wrap>
                  <span>{p.name}</span>
                  <Tag>{t(`kind.${p.kind}`)}</Tag>
                  <Tag color={STAGE_COLOR[p.stage]} data-testid="project-stage">
                    {stageName(p.stage)}
                  </Tag>
                </Space>
              }
              extra={
                p.abilities.includes('write') && (
                  <Space size={4}>
                    {at < STAGES.length - 1 && (
                      <Button size="small" type="primary" onClick={() => open({ kind: 'move', project: p })}>
                        {t('section.move')}
                      </Button>
                    )}
                    {at > 0 && (
                      <Button size="small" onClick={() => open({ kind: 'correct', project: p })}>
                        {t('section.correct')}
                      </Button>
                    )}
                    <Button size="small" onClick={() => open({ kind: 'note', project: p })}>
                      {t('section.note')}
                    </Button>
                    <Button size="small" onClick={() => open({ kind: 'edit', project: p })} data-testid="project-edit">
                      {t('section.edit')}
                    </Button>
                  </Space>
                )
              }
            >
              <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label={t('col.amount')}>{p.amount.toLocaleString()}</Descriptions.Item>
                <Descriptions.Item label={t('col.region')}>{p.site_region_name ?? p.site_region_code ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('col.segment')}>{p.chain_segment ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('col.partner')}>{p.partner_name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('col.uscc')}>{p.partner_uscc ?? '—'}</Descriptions.Item>
              </Descriptions>
              <Steps size="small" current={at} items={STAGES.map((s) => ({ title: stageName(s), description: dateOf(p, s) ?? '' }))} style={{ margin: '8px 0' }} />
              {p.timeline.length > 0 && (
                <Timeline
                  style={{ marginTop: 8, marginBottom: -16 }}
                  items={p.timeline.map((e) => ({
                    color: e.kind === 'correct' ? 'orange' : e.kind === 'report' ? 'gray' : 'blue',
                    children: (
                      <span>
                        {e.date && <Typography.Text type="secondary">{e.date} </Typography.Text>}
                        {t(`timeline.${e.kind}`, { who: pickLanguage(e.who, locale), stage: stageName(e.toStage), text: e.text ?? '' })}
                      </span>
                    ),
                  }))}
                />
              )}
            </Card>
          );
        })}
      </Flex>

      <Modal
        open={dialog !== null}
        title={dialog ? t(dialog.kind === 'add' ? 'section.add' : dialog.kind === 'edit' ? 'section.edit' : dialog.kind === 'move' ? 'section.move' : dialog.kind === 'correct' ? 'section.correct' : 'section.note') : ''}
        okText={t('form.save')}
        confirmLoading={save.isPending}
        onOk={() => save.mutate()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
        width={dialog?.kind === 'add' || dialog?.kind === 'edit' ? 720 : 480}
      >
        <Form form={form} name="project" layout="vertical" preserve={false}>
          {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
            <>
              <Form.Item name="name" label={t('col.name')} rules={[{ required: true, message: t('form.required') }]}>
                <Input maxLength={500} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name="kind" label={t('col.kind')} rules={[{ required: true }]}>
                    <Select options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="amount" label={t('col.amount')} rules={[{ required: true, message: t('form.required') }]}>
                    <InputNumber min={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                {dialog.kind === 'add' && (
                  <Col xs={24} md={8}>
                    <Form.Item name="signedOn" label={t('form.signedOn')}>
                      <DateField />
                    </Form.Item>
                  </Col>
                )}
                <Col xs={24} md={8}>
                  <Form.Item name="regionCode" label={t('col.region')} extra={t('form.regionHint')}>
                    <Input maxLength={6} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name="chainSegment" label={t('col.segment')}>
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="partnerName" label={t('col.partner')}>
                    <Input maxLength={300} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="partnerUscc" label={t('col.uscc')}>
                    <Input maxLength={40} />
                  </Form.Item>
                </Col>
              </Row>
            </>
          )}
          {(dialog?.kind === 'move' || dialog?.kind === 'correct') && (
            <Form.Item name="stage" label={t(dialog.kind === 'move' ? 'form.toStage' : 'form.backTo')}>
              <Select
                options={STAGES.filter((s) => (dialog.kind === 'move' ? STAGES.indexOf(s) === STAGES.indexOf(dialog.project.stage) + 1 : STAGES.indexOf(s) < STAGES.indexOf(dialog.project.stage))).map((s) => ({ value: s, label: stageName(s) }))}
              />
            </Form.Item>
          )}
          {(dialog?.kind === 'move' || dialog?.kind === 'note') && (
            <Form.Item name="date" label={t('form.date')} rules={[{ required: true, message: t('form.required') }]}>
              <DateField />
            </Form.Item>
          )}
          {dialog?.kind === 'correct' && (
            <Form.Item name="reason" label={t('form.reason')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {dialog?.kind === 'note' && (
            <Form.Item name="body" label={t('form.body')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input.TextArea rows={4} maxLength={5000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
