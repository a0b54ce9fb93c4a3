import { recordChecks, requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { RateLimitedError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { chainGraphs } from '../atlas/index.ts';
import { recordAudit } from '../org/index.ts';
import { isLinkTokenShape, linkTokenHash, newLinkToken, sameLinkHash } from './events.link.ts';
import { eventsPolicy, type LinkBearer } from './events.policy.ts';
import { AttemptWindow, SELF_LINK } from './events.public.domain.ts';
import * as repo from './events.repo.ts';
import { detailAs, eventOr404 } from './events.service.ts';

/** One window for the whole process: every personal link's requests from one address share it. */
export const linkAttempts = new AttemptWindow(SELF_LINK.attemptsPerWindow, SELF_LINK.windowMs);

/** What a wrong, old or malformed link answers, whatever was wrong: nothing about the event or its participants. */
const noSuchLink = () => bilingualNotFound('个人链接无效或已失效', 'Personal link');

/**
 * Opens a participant's personal link: the token is hashed and compared (in constant time) with the one stored for a
 * participant of the event; the answer is a service context whose actor is the public bearing that participant's
 * link, so the existing services decide through `participant.act` (organiser, own account, or link bearer). Audit
 * entries name the participant. A few hundred requests per address per window (429 with the wait); any wrong token,
 * like an unknown event, is the same 404.
 */
export async function openLink(ctx: ServiceContext, eventId: string, token: string, client: { address: string; now?: Date }) {
  const now = client.now ?? new Date();
  const wait = linkAttempts.hit(client.address, now.getTime());
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    throw new RateLimitedError(bilingual(`请求过于频繁，请 ${minutes} 分钟后再试`, `too many requests from this address; try again in ${minutes} min`), Math.ceil(wait / 1000));
  }
  if (!isLinkTokenShape(token)) throw noSuchLink();
  const ev = await repo.findEventById(ctx.db, eventId);
  if (!ev) throw noSuchLink();
  const hash = linkTokenHash(token);
  const p = await ctx.db
    .selectFrom('event_participants')
    .select(['id', 'name', 'token_hash'])
    .where('region_code', '=', ev.region_code)
    .where('event_id', '=', ev.id)
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!p?.token_hash || !sameLinkHash(p.token_hash, hash)) throw noSuchLink();
  // The public (whoever else the caller may be signed in as), carrying this participant: no role, no unit.
  const none: ReadonlySet<string> = new Set();
  const actor: LinkBearer = {
    kind: 'public',
    userId: null,
    name: `参会方「${p.name}」（个人链接）`,
    via: 'api',
    roles: [],
    personId: null,
    unitId: null,
    editableUnitIds: none,
    viewableUnitIds: none,
    portfolioUnitIds: none,
    requestId: ctx.actor.requestId,
    bearerOf: p.id,
  };
  const bearer: ServiceContext = { db: ctx.db, actor, checks: recordChecks(actor) };
  return { ctx: bearer, participantId: p.id };
}

/** The event as the link's participant sees it (as a participant with an account does), with its own id as `me`. */
export async function linkView(ctx: ServiceContext, eventId: string, participantId: string) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  const p = await ctx.db.selectFrom('event_participants').select(['id', 'user_id']).where('region_code', '=', ev.region_code).where('id', '=', participantId).executeTakeFirstOrThrow();
  requireAbility(eventsPolicy.participant.act, ctx.actor, { event: ref, userId: p.user_id, id: p.id }, 'read own page');
  return { ...(await detailAs(ctx, ev, ref, (x) => x.id === p.id)), me: p.id };
}

/** The chains (and their segments) the event's region uses, for the link page's chain and segment pickers. */
export async function linkChains(ctx: ServiceContext, eventId: string) {
  const { ev } = await eventOr404(ctx, eventId);
  const graphs = await chainGraphs(ctx, ev.region_code);
  return [...graphs.values()].map((c) => ({ key: c.key, name: c.name, segments: c.segments.map((s) => ({ key: s.key, parent: s.parent, name: s.name })) }));
}

/**
 * An organiser makes a participant's personal link anew: a new secret replaces the stored one, so the old link
 * stops working (a lost or leaked link, or a participant registered before links existed). The secret is answered
 * this once; only its hash is kept.
 */
export async function regenerateLink(ctx: ServiceContext, eventId: string, participantId: string) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  requireAbility(eventsPolicy.event.manage, ctx.actor, ref, 'make personal link');
  const p = await ctx.db.selectFrom('event_participants').select(['id', 'name']).where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('id', '=', participantId).executeTakeFirst();
  if (!p) throw bilingualNotFound(`参会方 ${participantId} 不存在`, `Participant ${participantId}`);
  const link = newLinkToken();
  await inTransaction(ctx, async (trx) => {
    await trx.updateTable('event_participants').set({ token_hash: link.hash }).where('region_code', '=', ev.region_code).where('id', '=', p.id).execute();
    await recordAudit(trx, ctx.actor, { action: 'renew_link', entity: 'event_participant', entityId: p.id, regionCode: ev.region_code, summary: `重新生成「${p.name}」的个人链接` });
  });
  return { token: link.token };
}
