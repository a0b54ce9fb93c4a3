import { useState } from 'react';
import { Button, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { complexityMessages } from './complexity.messages.ts';
import { complexityApi } from './complexity.api.ts';
import { FailureAlert } from '../../../web/components/FailureAlert.tsx';
import { PlanChoice } from '../../../web/components/PlanChoice.tsx';

interface Fields {
  planId: string;
  perProduct: number;
  title?: string;
}

/**
 * 转为招商目标: the chosen opportunities of a location in an atlas-built analysis become 招商 targets (the best-ranked
 * enterprises elsewhere in those segments or codes) under a new task of the chosen plan; the atlas follows them
 * 线索 → 对接 → 签约 → 落地.
 */
export function OpportunityTargetsButton(props: { analysisId: string; location: string; locationLabel?: string; products: string[] }) {
  const { analysisId, location, locationLabel, products } = props;
  const t = useMessages(complexityMessages);
  const feedback = useFeedback();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [form] = Form.useForm<Fields>();

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setFailure(null);
    try {
      const made = await complexityApi.targets(analysisId, { location, products, planId: values.planId, perProduct: values.perProduct, title: values.title?.trim() || undefined });
      setOpen(false);
      void feedback.message.success(t('targets.done', { count: made.targets.length }));
      if (made.withoutCandidates.length) void feedback.message.warning(t('targets.without', { products: made.withoutCandidates.join('、') }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<AimOutlined />} disabled={products.length === 0} onClick={() => (setFailure(null), setOpen(true))} data-testid="opportunity-targets">
        {products.length > 0 ? t('targets.buttonCount', { count: products.length }) : t('targets.button')}
      </Button>
      <Modal open={open} title={t('targets.title', { location: locationLabel ? `${locationLabel}（${location}）` : location })} okText={t('targets.ok')} cancelText={t('targets.cancel')} confirmLoading={busy} onOk={() => void submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('targets.intro', { products: products.join('、') })}</Typography.Paragraph>
        <Form form={form} name="opportunityTargets" layout="vertical" initialValues={{ perProduct: 3 }}>
          <Form.Item name="planId" label={t('targets.plan')} rules={[{ required: true, message: t('targets.planRequired') }]}>
            <PlanChoice data-testid="targets-plan" />
          </Form.Item>
          <Form.Item name="perProduct" label={t('targets.perProduct')}>
            <InputNumber min={1} max={20} precision={0} />
          </Form.Item>
          <Form.Item name="title" label={t('targets.taskTitle')}>
            <Input maxLength={300} placeholder={t('targets.taskTitlePlaceholder')} />
          </Form.Item>
        </Form>
        {failure ? (
          <FailureAlert failure={failure} testId="targets-failure" />
        ) : null}
      </Modal>
    </>
  );
}
