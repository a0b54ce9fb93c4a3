import { useState } from 'react';
import { Button, Form, Input, Popover, Select, Space, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { planMessages } from './plans.messages.ts';
import { plansApi, type Plan, type ReportCycle } from './plans.api.ts';

/** The plan's effective date (印发日期) and reporting cycle, changed here by the drafting office (ability setStatus). */
export function PlanSchedule({ plan, onChanged }: { plan: Plan; onChanged: () => void }) {
  const t = useMessages(planMessages);
  const feedback = useFeedback();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ issuedDate: string; reportCycle: ReportCycle }>();
  const cycle = plan.report_cycle === 'monthly' ? t('schedule.monthly', { day: plan.report_due_day }) : t(`schedule.${plan.report_cycle}`);
  const save = async () => {
    // An invalid form: antd shows each field's message; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await plansApi.setSchedule(plan.id, { issuedDate: v.issuedDate || null, reportCycle: v.reportCycle });
      setOpen(false);
      onChanged();
    } catch (error) {
      feedback.error(error, form);
    }
  };
  return (
    <Space size={4} data-testid="plan-schedule">
      <Typography.Text type="secondary">
        {t('schedule.issued')} {plan.issued_date ?? '—'} · {cycle}
      </Typography.Text>
      {plan.abilities.includes('setStatus') && (
        <Popover
          open={open}
          onOpenChange={setOpen}
          trigger="click"
          content={
            <Form form={form} layout="vertical" initialValues={{ issuedDate: plan.issued_date ?? '', reportCycle: plan.report_cycle }} style={{ width: 260 }}>
              <Form.Item name="issuedDate" label={t('schedule.issued')} extra={t('schedule.issuedHint')} rules={[{ pattern: /^(\d{4}-\d{2}-\d{2})?$/, message: t('field.issuedOnHint') }]}>
                <Input placeholder="YYYY-MM-DD" />
              </Form.Item>
              <Form.Item name="reportCycle" label={t('schedule.cycle')}>
                <Select
                  options={(['monthly', 'quarterly', 'per_task'] as const).map((c) => ({ value: c, label: c === 'monthly' ? t('schedule.monthly', { day: plan.report_due_day }) : t(`schedule.${c}`) }))}
                />
              </Form.Item>
              <Button type="primary" block onClick={() => void save()}>
                {t('schedule.save')}
              </Button>
            </Form>
          }
        >
          <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('schedule.edit')} />
        </Popover>
      )}
    </Space>
  );
}
