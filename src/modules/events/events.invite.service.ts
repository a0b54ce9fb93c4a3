import { randomInt } from 'node:crypto';
import { requireAbility } from '../../lib/abilities.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { intermediaryInvitees } from '../atlas/index.ts';
import { newCheckInCode } from './events.domain.ts';
import { newLinkToken } from './events.link.ts';
import { eventsPolicy } from './events.policy.ts';
import { eventOr404 } from './events.service.ts';

/** What inviting an intermediary's members did: who was registered (with the secret of each one's personal link, shown this once) and who was already. */
export interface InviteResult {
  intermediary: { id: string; name: string };
  invited: { id: string; name: string; uscc: string; role: string; link_token: string }[];
  already: { name: string; uscc: string }[];
}

/**
 * Routes an event through an intermediary (an organiser's tool): registers each of its members that the directory
 * holds as an enterprise participant, linked to the directory, available in every slot, with a personal link (no
 * account) whose secrets the answer lists once, for the organiser to send through the intermediary's secretariat.
 * Members already registered for the event (by USCC) are left as they are; all the rest are registered in one
 * transaction.
 */
export async function inviteIntermediaryMembers(ctx: ServiceContext, eventId: string, intermediaryId: string): Promise<InviteResult> {
  const { ev, ref } = await eventOr404(ctx, eventId);
  requireAbility(eventsPolicy.event.manage, ctx.actor, ref, 'invite an intermediary’s members');
  const source = await intermediaryInvitees(ctx, intermediaryId);
  return inTransaction(ctx, async (trx) => {
    const registered = new Set(
      (await trx.selectFrom('event_participants').select('uscc').where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('status', '=', 'registered').where('uscc', 'is not', null).execute()).map((p) => p.uscc),
    );
    const slots = (await trx.selectFrom('event_slots').select('id').where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).execute()).map((s) => s.id);
    const result: InviteResult = { intermediary: { id: source.id, name: source.name }, invited: [], already: [] };
    for (const m of source.members) {
      if (registered.has(m.uscc)) {
        result.already.push({ name: m.name, uscc: m.uscc });
        continue;
      }
      const link = newLinkToken();
      const { id } = await trx
        .insertInto('event_participants')
        .values({
          region_code: ev.region_code,
          event_id: ev.id,
          kind: 'enterprise',
          name: m.name,
          uscc: m.uscc,
          enterprise_id: m.enterpriseId,
          enterprise_region_code: m.regionCode,
          description: null,
          home_region_code: m.regionCode,
          available_slot_ids: slots,
          user_id: null,
          token_hash: link.hash,
          code: newCheckInCode(() => randomInt(1 << 30) / (1 << 30)),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx.actor, { action: 'register', entity: 'event_participant', entityId: id, regionCode: ev.region_code, summary: `「${m.name}」经「${source.name}」受邀参加「${ev.name}」`, after: { uscc: m.uscc, intermediaryId: source.id } });
      result.invited.push({ id, name: m.name, uscc: m.uscc, role: m.role, link_token: link.token });
    }
    return result;
  });
}
