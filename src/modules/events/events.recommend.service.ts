import { requireAbility } from '../../lib/abilities.ts';
import { bilingualNotFound } from '../../lib/bilingual.ts';
import { searchTokens } from '../../lib/search-tokens.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { chainGraphs } from '../atlas/index.ts';
import { eventsPolicy } from './events.policy.ts';
import { recommend, type RecChain } from './events.recommend.domain.ts';
import * as repo from './events.repo.ts';
import { eventOr404 } from './events.service.ts';

/**
 * Whom a participant should meet, best first, each with its reasons: chain relations in the atlas (needs ↔ offers in
 * the same or a neighbouring segment), text similarity of offers and needs, and region. Those it already asked or
 * was asked by are left out.
 */
export async function recommendations(ctx: ServiceContext, eventId: string, participantId: string) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  const st = await repo.loadEventState(ctx.db, ev);
  const me = st.participants.find((p) => p.id === participantId);
  if (!me) throw bilingualNotFound(`参会方 ${participantId} 不存在`, `Participant ${participantId}`);
  requireAbility(eventsPolicy.participant.act, ctx.actor, { event: ref, userId: me.user_id, id: me.id }, 'read recommendations');
  const live = new Set(st.participants.filter((p) => p.status === 'registered').map((p) => p.id));
  const asked = new Set(st.requests.filter((r) => r.status !== 'cancelled' && (r.from_id === me.id || r.to_id === me.id)).flatMap((r) => [r.from_id, r.to_id]));
  const graphs = await chainGraphs(ctx, ev.region_code);
  const chains = new Map<string, RecChain>([...graphs].map(([k, c]) => [k, { segments: c.segments.map((s) => ({ key: s.key, parent: s.parent, name: s.name })), edges: c.edges }]));
  const items = st.offers
    .filter((o) => live.has(o.participant_id))
    .map((o) => ({ participant: o.participant_id, kind: o.kind, title: o.title, chain: o.chain_key, segment: o.segment_key, tokens: searchTokens(o.title, o.body, o.products.join(' ')) }));
  const names = new Map(st.participants.map((p) => [p.id, p]));
  return {
    items: recommend(me.id, items, new Map(st.participants.map((p) => [p.id, p.home_region_code])), chains)
      .filter((r) => !asked.has(r.participant) && live.has(r.participant))
      .map((r) => ({ participant_id: r.participant, name: names.get(r.participant)!.name, kind: names.get(r.participant)!.kind, score: r.score, reasons: r.reasons })),
  };
}
