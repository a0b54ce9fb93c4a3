import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Empty, Input, Space, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../../web/api.ts';
import { downloadFile } from '../../../web/files.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { formatDateTime } from '../../../web/format.ts';
import { pickLanguage, useLocale, useMessages } from '../../../web/i18n.ts';
import { escalationMessages } from './escalations.messages.ts';
import { escalationsApi, type EscalationStatus } from './escalations.api.ts';

export const STATUS_COLOR: Record<EscalationStatus, string> = { issued: 'processing', answered: 'warning', returned: 'error', closed: 'success' };

/** One notice: what was demanded, the unit's answer, every step; the answer form for the unit, return and close for the office. */
export function EscalationDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useMessages(escalationMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const data = useQuery({ queryKey: ['escalations', 'detail', id], queryFn: () => escalationsApi.get(id) });
  const e = data.data;
  const step = useMutation({
    mutationFn: (action: 'answer' | 'return' | 'close') => (action === 'answer' ? escalationsApi.answer(id, text) : action === 'return' ? escalationsApi.return(id, text) : escalationsApi.close(id, text || undefined)),
    onSuccess: async () => {
      setText('');
      void feedback.message.success(t('msg.done'));
      await client.invalidateQueries({ queryKey: ['escalations'] });
    },
    onError: (err: unknown) => feedback.error(err),
  });
  const can = (a: string) => e?.abilities.includes(a) === true;
  const textLabel = can('answer') ? t('form.answer') : can('return') ? t('form.returnReason') : t('form.closeNote');

  return (
    <Drawer open width={640} onClose={onClose} title={e ? t('detail.title', { number: e.numberText }) : ''} destroyOnHidden>
      {data.error && <Alert type="error" showIcon message={errorText(data.error)} />}
      {!e && !data.error && <Empty />}
      {e && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="escalation-drawer">
          <Space wrap>
            <Tag color={STATUS_COLOR[e.status]} data-testid="escalation-status">{t(`status.${e.status}`)}</Tag>
            <Tag>{t(`source.${e.source}`)}</Tag>
            <Button data-testid="download-notice" icon={<DownloadOutlined />} onClick={() => downloadFile(escalationsApi.docxUrl(e.id), t('detail.fileName', { number: e.numberText })).catch((err: unknown) => feedback.error(err))}>
              {t('action.download')}
            </Button>
          </Space>
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 104, whiteSpace: "nowrap" } }}>
            <Descriptions.Item label={t('col.task')}>{`${e.taskSeq ? `${e.taskSeq}. ` : ''}${e.taskTitle}`}</Descriptions.Item>
            <Descriptions.Item label={t('col.plan')}>{e.planTitle}</Descriptions.Item>
            <Descriptions.Item label={t('col.unit')}>{e.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('col.leader')}>{e.leaderName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('col.reason')}>{e.reason}</Descriptions.Item>
            <Descriptions.Item label={t('detail.requirements')}>{e.requirements}</Descriptions.Item>
            <Descriptions.Item label={t('col.replyDue')}>{e.replyDue}</Descriptions.Item>
            {e.answer && <Descriptions.Item label={t('detail.answer')}><Typography.Text data-testid="escalation-answer">{e.answer}</Typography.Text></Descriptions.Item>}
            {e.answeredByName && <Descriptions.Item label={t('detail.answeredBy')}>{`${e.answeredByName} ${formatDateTime(e.answeredAt, locale)}`}</Descriptions.Item>}
            {e.status === 'returned' && e.returnReason && <Descriptions.Item label={t('detail.returnReason')}>{e.returnReason}</Descriptions.Item>}
          </Descriptions>
          {(can('answer') || can('return') || can('close')) && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input.TextArea rows={4} value={text} onChange={(ev) => setText(ev.target.value)} placeholder={textLabel} aria-label={textLabel} maxLength={can('answer') ? 20_000 : 5000} />
              <Space>
                {can('answer') && <Button type="primary" loading={step.isPending} disabled={!text.trim()} onClick={() => step.mutate('answer')}>{t('action.answer')}</Button>}
                {can('return') && <Button danger loading={step.isPending} disabled={!text.trim()} onClick={() => step.mutate('return')}>{t('action.return')}</Button>}
                {can('close') && <Button type="primary" loading={step.isPending} onClick={() => step.mutate('close')}>{t('action.close')}</Button>}
              </Space>
            </Space>
          )}
          <Typography.Title level={5}>{t('detail.timeline')}</Typography.Title>
          <Timeline
            items={e.timeline.map((s) => ({
              key: s.id,
              children: (
                <span>
                  {formatDateTime(s.at, locale)} {pickLanguage(s.actor_name, locale)} {t(`step.${s.action}`)}
                  {s.note && <Typography.Text type="secondary"> {s.note}</Typography.Text>}
                </span>
              ),
            }))}
          />
        </Space>
      )}
    </Drawer>
  );
}
