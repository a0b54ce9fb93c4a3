import { useState } from 'react';
import { Card, Empty, Segmented, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../../web/format.ts';
import { pickLanguage, useLocale, useMessages } from '../../../web/i18n.ts';
import { activityMessages } from './activities.messages.ts';
import { reportMessages } from './reports.messages.ts';
import type { Report, TaskReports } from './reports.api.ts';
import { ACTIVITY_COLOR, ACTIVITY_DOT } from './TaskActivities.tsx';
import { taskTimeline, type TaskTimelineEntry } from './task-timeline.ts';

const STEP_COLOR = (action: string) => (action === 'return' || action === 'reopen' ? 'orange' : action === 'accept' ? 'green' : 'blue');

/**
 * The timeline (留痕) under a task's report: this report's steps, oldest first, or the whole task latest first — every
 * report's steps with its period and unit, the activities held for the task, and deadline changes.
 */
export function TaskTimelineCard({ data: d, report }: { data: TaskReports; report: Report | undefined }) {
  const t = useMessages(reportMessages);
  const ta = useMessages(activityMessages);
  const locale = useLocale();
  const steps = d.timeline.filter((e) => e.report_id === report?.id);
  const whole = taskTimeline(d);
  const [view, setView] = useState<'report' | 'task'>(steps.length > 0 ? 'report' : 'task');
  if (steps.length === 0 && whole.length === 0) return null;
  const shown = steps.length === 0 ? 'task' : view;
  const stepText = (e: TaskReports['timeline'][number]) => t(`timeline.${e.action}` as 'timeline.save', { who: pickLanguage(e.actor_name, locale), reason: e.reason ?? '' });
  const when = (at: string) => <Typography.Text type="secondary"> {formatDateTime(at, locale)}</Typography.Text>;
  const date = (v: string | null) => v ?? t('timeline.noDate');

  const line = (e: TaskTimelineEntry) => {
    if (e.type === 'report') {
      const r = e.report;
      const of = t('timeline.reportOf', { period: r.kind === 'closing' ? '' : r.period, unit: r.unit_short_name ?? r.unit_name, kind: r.kind === 'closing' ? t('timeline.closingSuffix') : '' }).trim();
      return {
        color: STEP_COLOR(e.event.action),
        children: (
          <span data-testid="task-timeline-item" data-type="report">
            <Tag>{of}</Tag>
            {stepText(e.event)}
            {when(e.at)}
          </span>
        ),
      };
    }
    if (e.type === 'activity') {
      const a = e.activity;
      return {
        color: ACTIVITY_DOT[a.kind],
        children: (
          <span data-testid="task-timeline-item" data-type="activity">
            <Tag color={ACTIVITY_COLOR[a.kind]}>{ta(`kind.${a.kind}`)}</Tag>
            {t('timeline.activityBy', { unit: a.unitName, title: a.title })}
            <Typography.Text type="secondary"> {a.heldOn}</Typography.Text>
            {a.outcome && <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={{ rows: 2, expandable: true }}>{a.outcome}</Typography.Paragraph>}
          </span>
        ),
      };
    }
    const c = e.change;
    const note = c.decision_note ? `：${c.decision_note}` : '';
    const text =
      e.step === 'requested'
        ? t('timeline.deadlineRequested', { old: date(c.old_due_date), new: c.new_due_date, reason: c.reason })
        : t(c.status === 'approved' ? 'timeline.deadlineApproved' : 'timeline.deadlineRejected', { old: date(c.old_due_date), new: c.new_due_date, note });
    return {
      color: e.step === 'requested' ? 'gray' : c.status === 'approved' ? 'green' : 'red',
      children: (
        <span data-testid="task-timeline-item" data-type="deadline">
          {text}
          {when(e.at)}
        </span>
      ),
    };
  };

  return (
    <Card
      size="small"
      title={t('timeline.title')}
      data-testid="report-timeline"
      extra={
        steps.length > 0 && (
          <Segmented
            size="small"
            value={shown}
            onChange={(v) => setView(v as 'report' | 'task')}
            options={[
              { value: 'report', label: t('timeline.thisReport') },
              { value: 'task', label: `${t('timeline.wholeTask')} (${whole.length})` },
            ]}
          />
        )
      }
    >
      {shown === 'report' ? (
        <Timeline
          items={steps.map((e) => ({
            color: STEP_COLOR(e.action),
            children: (
              <span>
                {stepText(e)}
                {when(e.at)}
              </span>
            ),
          }))}
        />
      ) : whole.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />
      ) : (
        <div data-testid="task-timeline">
          <Timeline items={whole.map(line)} />
        </div>
      )}
    </Card>
  );
}
