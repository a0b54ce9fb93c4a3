import { useState } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Input, Modal, Popconfirm, Row, Select, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../../web/api.ts';
import { todayInChina } from '../../../web/format.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { pickLanguage, useLocale, useMessages } from '../../../web/i18n.ts';
import { DateField } from '../../../web/components/DateField.tsx';
import { activityMessages } from './activities.messages.ts';
import { ACTIVITY_KINDS, activitiesApi, type ActivityInput, type ActivityKind } from './activities.api.ts';

export const ACTIVITY_COLOR: Record<ActivityKind, string> = { study: 'purple', research: 'cyan', meeting: 'geekblue' };
/** The same colours for a timeline's dot, which takes a CSS colour (antd's preset names are Tag's only: geekblue drew black). */
export const ACTIVITY_DOT: Record<ActivityKind, string> = { study: '#722ed1', research: '#13c2c2', meeting: '#2f54eb' };

/** A task's activities (专题学习、调研、协调会) as a timeline, latest first; the task's units' editors and supervisors record one. */
export function TaskActivities({ taskId }: { taskId: string }) {
  const t = useMessages(activityMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ActivityInput>();
  const data = useQuery({ queryKey: ['task-activities', taskId], queryFn: () => activitiesApi.ofTask(taskId) });
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['task-activities', taskId] }), client.invalidateQueries({ queryKey: ['task-reports', taskId] })]);

  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      return activitiesApi.record(taskId, { kind: v.kind, title: v.title, heldOn: v.heldOn, participants: v.participants || null, outcome: v.outcome || null, unitId: v.unitId || null });
    },
    onSuccess: async () => {
      void feedback.message.success(t('section.saved'));
      setOpen(false);
      await refresh();
    },
    onError: (e) => feedback.error(e, form),
  });
  const remove = useMutation({
    mutationFn: activitiesApi.remove,
    onSuccess: async () => {
      void feedback.message.success(t('section.deleted'));
      await refresh();
    },
    onError: (e) => feedback.error(e),
  });

  const items = data.data?.activities ?? [];
  return (
    <Card
      size="small"
      title={t('section.title')}
      data-testid="task-activities"
      extra={
        data.data?.canRecord && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            data-testid="activity-add"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ kind: 'meeting', heldOn: todayInChina(), unitId: data.data?.units[0]?.unitId });
              setOpen(true);
            }}
          >
            {t('section.add')}
          </Button>
        )
      }
    >
      {data.error && <Alert type="error" message={errorText(data.error)} />}
      {data.data && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('section.empty')} />}
      {items.length > 0 && (
        <Timeline
          style={{ marginTop: 8, marginBottom: -16 }}
          items={items.map((a) => ({
            color: ACTIVITY_DOT[a.kind],
            children: (
              <div data-testid="activity-item">
                <Typography.Text type="secondary">{a.heldOn} </Typography.Text>
                <Tag color={ACTIVITY_COLOR[a.kind]}>{t(`kind.${a.kind}`)}</Tag>
                <Typography.Text strong>{a.title}</Typography.Text>
                <Typography.Text type="secondary">
                  {' '}
                  · {a.unitName} · {t('col.by', { who: pickLanguage(a.authorName, locale) })}
                </Typography.Text>
                {a.canDelete && (
                  <Popconfirm title={t('section.confirmDelete')} onConfirm={() => remove.mutate(a.id)}>
                    <Button size="small" type="link" danger>
                      {t('section.delete')}
                    </Button>
                  </Popconfirm>
                )}
                {a.participants && (
                  <div>
                    <Typography.Text type="secondary">{t('col.participants')}：</Typography.Text>
                    {a.participants}
                  </div>
                )}
                {a.outcome && (
                  <div style={{ whiteSpace: 'pre-wrap' }}>
                    <Typography.Text type="secondary">{t('col.outcome')}：</Typography.Text>
                    {a.outcome}
                  </div>
                )}
              </div>
            ),
          }))}
        />
      )}

      <Modal open={open} title={t('section.add')} okText={t('form.save')} confirmLoading={save.isPending} onOk={() => save.mutate()} onCancel={() => setOpen(false)} destroyOnHidden width={640}>
        <Form form={form} name="activity" layout="vertical" preserve={false}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label={t('col.kind')} rules={[{ required: true, message: t('form.required') }]}>
                <Select data-testid="activity-kind" options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="heldOn" label={t('col.heldOn')} rules={[{ required: true, message: t('form.required') }]}>
                <DateField data-testid="activity-date" />
              </Form.Item>
            </Col>
          </Row>
          {(data.data?.units.length ?? 0) > 1 && (
            // The caller may record for several of the task's units (a supervisor, or an editor of two of them): which held it.
            <Form.Item name="unitId" label={t('col.unit')} rules={[{ required: true, message: t('form.required') }]}>
              <Select data-testid="activity-unit" options={data.data!.units.map((u) => ({ value: u.unitId, label: `${u.name}（${t(u.role === 'lead' ? 'role.lead' : 'role.co')}）` }))} />
            </Form.Item>
          )}
          <Form.Item name="title" label={t('col.title')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input maxLength={200} data-testid="activity-title" />
          </Form.Item>
          <Form.Item name="participants" label={t('col.participants')}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="activity-participants" />
          </Form.Item>
          <Form.Item name="outcome" label={t('col.outcome')}>
            <Input.TextArea rows={3} maxLength={5000} data-testid="activity-outcome" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
