import type { ControlHandler } from '../../server/module.ts';

/**
 * `luoshi status --plan` on a running server's database (its control socket): every task's class and warning as of a
 * day, nothing stored. The request: `{ op: 'plan-status', planId, asOf?, as?, user? }`.
 */
export const planStatusOnServer: ControlHandler = async (db, request) => {
  const { planId } = request;
  if (typeof planId !== 'string') throw new Error('plan-status needs the plan id (planId)');
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const [{ cliActor }, progress] = await Promise.all([import('../../server/cli-actor.ts'), import('./tracking.progress.service.ts')]);
  const actor = await cliActor(db, text(request.as), text(request.user));
  return progress.planProgressStatus({ db, actor }, planId, text(request.asOf));
};
