import { useEffect } from 'react';
import { Alert, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, errorText } from '../api.ts';
import { messages, useMessages } from '../i18n.ts';

/** A plan as the plan list gives it, with what the account may do in it. */
interface PlanOption {
  id: string;
  title: string;
  abilities: string[];
}

/** Props of {@link PlanChoice}: the chosen plan's id, as a Form.Item hands it. */
export interface PlanChoiceProps {
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}

/**
 * The plan that is to hold new ledger tasks (招商目标, followed key projects, …): only the plans this account may add
 * tasks to (their owning unit's editors, administrators) are offered, the only one is chosen by itself, and an account
 * with none is told so with the way to the plans page, where it may create one.
 * Works inside a Form.Item, whose `value`/`onChange` it takes.
 * @example <Form.Item name="planId" rules={[{ required: true }]}><PlanChoice data-testid="gap-targets-plan" /></Form.Item>
 */
export function PlanChoice({ value, onChange, id, 'aria-label': ariaLabel, 'data-testid': testId }: PlanChoiceProps) {
  const t = useMessages(messages);
  const plans = useQuery({ queryKey: ['plans', 'assignable'], queryFn: () => api.get<PlanOption[]>('/api/plans') });
  const choices = (plans.data ?? []).filter((p) => p.abilities.includes('assignTasks'));
  const only = choices.length === 1 ? choices[0]!.id : undefined;
  useEffect(() => {
    if (only && !value) onChange?.(only);
  }, [only, value, onChange]);
  return (
    <>
      <Select
        id={id}
        aria-label={ariaLabel}
        value={value}
        onChange={onChange}
        loading={plans.isPending}
        notFoundContent={t('planChoice.none')}
        options={choices.map((p) => ({ value: p.id, label: p.title }))}
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: '100%' }}
        data-testid={testId}
      />
      {plans.data && choices.length === 0 ? (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('planChoice.none')} action={<Link to="/plans">{t('planChoice.toPlans')}</Link>} data-testid="plan-choice-none" />
      ) : null}
      {plans.error ? <Alert type="error" showIcon style={{ marginTop: 8 }} title={errorText(plans.error)} /> : null}
    </>
  );
}
