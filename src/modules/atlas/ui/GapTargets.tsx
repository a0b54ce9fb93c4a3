import { useState } from 'react';
import { Button, Form, Input, Modal, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { atlasApi } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { FailureAlert } from '../../../web/components/FailureAlert.tsx';
import { PlanChoice } from '../../../web/components/PlanChoice.tsx';

/** A 招商 candidate ticked on the 堵点 page. */
export interface ChosenCandidate {
  uscc: string;
  name: string;
  segmentKey: string;
  segmentName: string;
}

/**
 * 转为招商任务: the candidates ticked under the 堵点 become, in one action, one task of the chosen plan and targets at
 * 线索 (all or nothing, the API's rule); the gaps then count them under 招商进展.
 */
export function GapTargetsButton({ chainId, chosen, onDone }: { chainId: string; chosen: ChosenCandidate[]; onDone: () => void }) {
  const t = useMessages(atlasMessages);
  const feedback = useFeedback();
  const queries = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [form] = Form.useForm<{ planId: string; title?: string }>();

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setFailure(null);
    try {
      const made = await atlasApi.createTargets(chainId, { planId: values.planId, title: values.title?.trim() || undefined, targets: chosen.map((c) => ({ uscc: c.uscc, segmentKey: c.segmentKey })) });
      setOpen(false);
      onDone();
      void queries.invalidateQueries({ queryKey: ['atlas', 'gaps', chainId] });
      void queries.invalidateQueries({ queryKey: ['atlas', 'targets', chainId] });
      void feedback.message.success(t('tg.done', { count: made.targets.length }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<AimOutlined />} disabled={chosen.length === 0} title={chosen.length === 0 ? t('tg.hint') : undefined} onClick={() => (setFailure(null), setOpen(true))} data-testid="gap-targets">
        {chosen.length ? t('tg.button', { count: chosen.length }) : t('tg.buttonNone')}
      </Button>
      <Modal open={open} title={t('tg.title')} okText={t('tg.ok')} cancelText={t('tg.cancel')} confirmLoading={busy} onOk={() => void submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('tg.intro', { count: chosen.length })}</Typography.Paragraph>
        <ul data-testid="gap-targets-chosen">
          {chosen.map((c) => (
            <li key={`${c.uscc}|${c.segmentKey}`}>{`${c.name}（${c.segmentName}）`}</li>
          ))}
        </ul>
        <Form form={form} name="gapTargets" layout="vertical">
          <Form.Item name="planId" label={t('tg.plan')} rules={[{ required: true, message: t('tg.planRequired') }]}>
            <PlanChoice data-testid="gap-targets-plan" />
          </Form.Item>
          <Form.Item name="title" label={t('tg.taskTitle')}>
            <Input maxLength={300} placeholder={t('tg.taskTitlePlaceholder')} />
          </Form.Item>
        </Form>
        {failure ? (
          <FailureAlert failure={failure} testId="gap-targets-failure" />
        ) : null}
      </Modal>
    </>
  );
}
