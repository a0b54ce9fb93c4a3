import { useState } from 'react';
import { Button, Card, Flex, Input, List, Space, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useFeedback } from '../../../web/feedback.ts';
import { formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { reportMessages } from './reports.messages.ts';
import { reportsApi, type DeadlineChange, type TaskReports } from './reports.api.ts';
import { DateField } from '../../../web/components/DateField.tsx';

const CHANGE_COLOR = { pending: 'processing', approved: 'success', rejected: 'default' } as const;

/**
 * A task's deadline changes (时限调整): each request with its dates, reason and decision; the lead unit asks for a new
 * deadline with a reason, a supervisor approves or rejects a pending one.
 */
export function DeadlineCard({ data, onChanged }: { data: TaskReports; onChanged: () => Promise<unknown> }) {
  const t = useMessages(reportMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const [newDue, setNewDue] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const mayRequest = data.abilities.includes('requestDeadline');
  const mayDecide = data.abilities.includes('decideDeadline');
  const request = useMutation({
    mutationFn: () => reportsApi.requestDeadline(data.task.id, newDue, reason.trim()),
    onSuccess: () => {
      setNewDue('');
      setReason('');
      void feedback.message.success(t('deadline.requested'));
      return onChanged();
    },
    onError: (e) => feedback.error(e),
  });
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: string; approve: boolean }) => reportsApi.decideDeadline(id, approve, note.trim() || undefined),
    onSuccess: (_, v) => {
      setNote('');
      void feedback.message.success(t(v.approve ? 'deadline.approved' : 'deadline.rejected'));
      return onChanged();
    },
    onError: (e) => feedback.error(e),
  });
  if (!mayRequest && data.deadlineChanges.length === 0) return null;
  const pending = data.deadlineChanges.some((c) => c.status === 'pending');
  const submit = () => {
    if (!newDue) return void feedback.message.warning(t('deadline.needDate'));
    if (!reason.trim()) return void feedback.message.warning(t('deadline.needReason'));
    request.mutate();
  };
  return (
    <Card size="small" title={t('deadline.title')} data-testid="deadline-changes">
      <Flex vertical gap={8}>
        {data.deadlineChanges.length > 0 && (
          <List<DeadlineChange>
            size="small"
            dataSource={data.deadlineChanges}
            renderItem={(c) => (
              <List.Item
                data-testid="deadline-change"
                actions={
                  mayDecide && c.status === 'pending'
                    ? [
                        <Button key="yes" size="small" type="primary" loading={decide.isPending && decide.variables?.approve === true} onClick={() => decide.mutate({ id: c.id, approve: true })}>
                          {t('deadline.approve')}
                        </Button>,
                        <Button key="no" size="small" danger loading={decide.isPending && decide.variables?.approve === false} onClick={() => decide.mutate({ id: c.id, approve: false })}>
                          {t('deadline.reject')}
                        </Button>,
                      ]
                    : []
                }
              >
                <Space wrap>
                  <Tag color={CHANGE_COLOR[c.status]}>{t(`deadline.status.${c.status}`)}</Tag>
                  <span>{t('deadline.line', { old: c.old_due_date ?? '—', new: c.new_due_date })}</span>
                  <span>
                    {t('deadline.reason')}：{c.reason}
                  </span>
                  {c.decision_note && <Typography.Text type="secondary">（{c.decision_note}）</Typography.Text>}
                  <Typography.Text type="secondary">{formatDateTime(c.requested_at, locale)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
        {mayDecide && pending && <Input style={{ maxWidth: 420 }} placeholder={t('deadline.note')} value={note} onChange={(e) => setNote(e.target.value)} />}
        {mayRequest && !pending && (
          <Space wrap>
            <DateField aria-label={t('deadline.newDue')} style={{ width: 170 }} value={newDue} onChange={(v) => setNewDue(v ?? '')} />
            <Input style={{ width: 320 }} aria-label={t('deadline.reason')} placeholder={t('deadline.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
            <Button loading={request.isPending} onClick={submit}>
              {t('deadline.request')}
            </Button>
          </Space>
        )}
      </Flex>
    </Card>
  );
}

/** A supervisor reopens a closed task, saying why (its closing report goes back to the lead unit). */
export function ReopenCard({ data, onChanged }: { data: TaskReports; onChanged: () => Promise<unknown> }) {
  const t = useMessages(reportMessages);
  const feedback = useFeedback();
  const [reason, setReason] = useState('');
  const reopen = useMutation({
    mutationFn: () => reportsApi.reopen(data.task.id, reason.trim()),
    onSuccess: () => {
      setReason('');
      void feedback.message.success(t('reopen.done'));
      return onChanged();
    },
    onError: (e) => feedback.error(e),
  });
  if (!data.abilities.includes('reopen')) return null;
  return (
    <Card size="small" title={t('reopen.title')}>
      <Space wrap>
        <Input style={{ width: 360 }} aria-label={t('reopen.reason')} placeholder={t('reopen.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
        <Button danger loading={reopen.isPending} onClick={() => (reason.trim() ? reopen.mutate() : void feedback.message.warning(t('reopen.needReason')))}>
          {t('reopen.button')}
        </Button>
      </Space>
    </Card>
  );
}
