import { useState } from 'react';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useLocale, useMessages, type Locale, type MessageParams } from '../../../web/i18n.ts';
import { taskMessages } from './tasks.messages.ts';
import { parseDeadline } from '../../documents/documents.deadline.domain.ts';
import type { Recurrence, TaskKind } from './plans.api.ts';

/** A deadline as written and as understood (due date, start, recurrence, ongoing). */
export interface DeadlineView {
  text: string;
  dueDate: string | null;
  startDate: string | null;
  recurrence: string | null;
  ongoing: boolean;
  understood: boolean;
}

/** 每年1月31日前 / 每月10日前 …: the recurrence with the day and month it keeps (read by the same rule as the server). */
function recurrenceLabel(t: (key: keyof typeof taskMessages & string, params?: MessageParams) => string, locale: Locale, recurrence: Recurrence, text: string): string {
  const every = parseDeadline(text).every;
  if (!every || (recurrence !== 'yearly' && recurrence !== 'monthly')) return t(`deadline.${recurrence}`);
  if (recurrence === 'monthly') return every.day === 'end' ? t('deadline.monthlyEnd') : every.day ? t('deadline.monthlyDay', { day: every.day }) : t('deadline.monthly');
  if (!every.month) return t('deadline.yearly');
  // 1 in Chinese (1月), Jan in English.
  const params = { month: locale === 'en-US' ? (MONTHS[every.month - 1] ?? String(every.month)) : every.month };
  if (every.day === 'end') return t('deadline.yearlyEnd', params);
  return every.day ? t('deadline.yearlyDay', { ...params, day: every.day }) : t('deadline.yearlyMonth', params);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The deadline as written, with what it was understood as under it, and a warning when it was not understood. */
export function DeadlineCell({ deadline }: { deadline: DeadlineView }) {
  const t = useMessages(taskMessages);
  const locale = useLocale();
  const facts = [
    deadline.startDate ? t('deadline.from', { date: deadline.startDate }) : null,
    deadline.dueDate ? t('deadline.due', { date: deadline.dueDate }) : null,
    deadline.recurrence && ['monthly', 'quarterly', 'half_yearly', 'yearly'].includes(deadline.recurrence) ? recurrenceLabel(t, locale, deadline.recurrence as Recurrence, deadline.text) : null,
    // A recurring task is open-ended by nature; its day in the period says more than 长期.
    deadline.ongoing && !deadline.recurrence ? t('deadline.ongoing') : null,
  ].filter(Boolean);
  return (
    <Flex vertical gap={2}>
      <span>{deadline.text || <Typography.Text type="secondary">{t('deadline.none')}</Typography.Text>}</span>
      {facts.length ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="deadline-understood">
          {facts.join(' · ')}
        </Typography.Text>
      ) : null}
      {deadline.text && !deadline.understood ? (
        <Tag color="warning" icon={<WarningOutlined />} style={{ width: 'fit-content' }}>
          {t('deadline.notUnderstood')}
        </Tag>
      ) : null}
    </Flex>
  );
}

/** A name in a task: matched ones plain (with the written form on hover when it differs), unmatched ones as warnings. */
export interface NameView {
  label: string;
  raw: string;
  matched: boolean;
}

/**
 * Names as tags: matched in the directory (green when `highlightMatched`), or flagged as not matched yet. A long
 * list (all 16 districts) shows its unmatched names and the first few others, the rest behind “+N”.
 */
export function NameTags({ names, highlightMatched, max = 6 }: { names: NameView[]; highlightMatched?: boolean; max?: number }) {
  const t = useMessages(taskMessages);
  const [open, setOpen] = useState(false);
  if (!names.length) return null;
  const unmatched = names.filter((n) => !n.matched);
  const matched = names.filter((n) => n.matched);
  const shown = open || names.length <= max ? names : [...unmatched, ...matched.slice(0, Math.max(0, max - unmatched.length))];
  const hidden = names.length - shown.length;
  return (
    <Flex gap={4} wrap>
      {shown.map((n, i) =>
        n.matched ? (
          <Tooltip key={i} title={n.raw !== n.label ? t('name.asWritten', { name: n.raw }) : undefined}>
            <Tag color={highlightMatched ? 'green' : undefined} style={{ marginInlineEnd: 0 }} data-matched="true">
              {n.label}
            </Tag>
          </Tooltip>
        ) : (
          <Tooltip key={i} title={t('name.unmatchedHint')}>
            <Tag color="warning" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }} data-matched="false">
              {n.raw}
            </Tag>
          </Tooltip>
        ),
      )}
      {hidden > 0 ? (
        <Tag style={{ marginInlineEnd: 0, cursor: 'pointer', borderStyle: 'dashed' }} onClick={() => setOpen(true)}>
          {t('name.more', { count: hidden })}
        </Tag>
      ) : null}
    </Flex>
  );
}

const KIND_COLOR: Record<TaskKind, string> = { one_off: 'blue', phased: 'purple', ongoing: 'cyan' };

/** 一次性 / 阶段性 / 长期坚持. */
export function KindTag({ kind }: { kind: TaskKind }) {
  const t = useMessages(taskMessages);
  return (
    <Tag color={KIND_COLOR[kind]} style={{ marginInlineEnd: 0 }}>
      {t(`kind.${kind}`)}
    </Tag>
  );
}
