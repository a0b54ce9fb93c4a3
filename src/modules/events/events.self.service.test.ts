import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { NotFoundError, RateLimitedError } from '../../lib/errors.ts';
import { PUBLIC_ACTOR } from '../org/org.policy.ts';
import { withCheckChar } from '../atlas/atlas.uscc.domain.ts';
import { addMeeting, addOffer, cancelMeeting, createEvent, decideRequest, deleteOffer, registerParticipant, requestMeeting, updateEvent, updateParticipant } from './events.service.ts';
import { participantAgenda, participantAgendaIcs } from './events.outcomes.service.ts';
import { recommendations } from './events.recommend.service.ts';
import { linkAttempts, linkView, openLink, regenerateLink } from './events.self.service.ts';
import { SELF_LINK } from './events.public.domain.ts';

let h: DatabaseHandle;
let fgw: ServiceContext; // the organiser
let gxj: ServiceContext; // an editor of another unit
let swj: ServiceContext; // a participant with its own account
let eventId: string;
let otherEventId: string;
let slotIds: string[];
const client = { address: '203.0.113.9' };
let a: { id: string; token: string }; // registered on the public form: its link
let c: { id: string; token: string }; // registered by the organiser, no account: a link too
let b: string; // registered with swj's account: no link

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** The bearer of a link, as the token routes make it. */
const bearer = async (token: string) => (await openLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, token, client)).ctx;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [fgw, gxj, swj] = await Promise.all(['fgw', 'gxj', 'swj'].map((u) => contextAs(h, u)));
  const ev = await createEvent(fgw, { name: '个人链接测试对接会', startsOn: '2030-05-20', access: 'public', slots: { date: '2030-05-20', start: '09:00', count: 4, minutes: 20 }, tables: 2 });
  eventId = ev.event.id;
  slotIds = ev.slots.map((s) => s.id);
  await updateEvent(fgw, eventId, { status: 'open' });
  otherEventId = (await createEvent(fgw, { name: '另一场对接会', startsOn: '2030-05-21', access: 'public', slots: { date: '2030-05-21', start: '09:00', count: 2, minutes: 20 }, tables: 1 })).event.id;
  linkAttempts.clear();
});
afterAll(async () => h?.close());

describe('a personal link', () => {
  it('is issued to a participant without an account (public form or organiser), shown once, and stored only as its hash', async () => {
    const pa = await registerParticipant({ db: h.db, actor: PUBLIC_ACTOR }, eventId, { kind: 'enterprise', name: '示例动力电池公司', uscc: withCheckChar('91120116MA05K3XL1'), contactPhone: '13800000001' });
    expect(pa.link_token).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 bytes: 192 bits, URL-safe
    a = { id: pa.id, token: pa.link_token! };
    const pc = await registerParticipant(fgw, eventId, { kind: 'enterprise', name: '示例电芯材料公司', uscc: withCheckChar('91120000MA06ABCE1') });
    c = { id: pc.id, token: pc.link_token! };
    expect(c.token).not.toBe(a.token);
    const pb = await registerParticipant(fgw, eventId, { kind: 'investor', name: '示例产业基金', userId: swj.actor.userId });
    expect(pb.link_token).toBeNull();
    b = pb.id;
    const stored = await h.db.selectFrom('event_participants').select(['id', 'token_hash']).where('event_id', '=', eventId).execute();
    const byId = new Map(stored.map((r) => [r.id, r.token_hash]));
    expect(byId.get(a.id)).toBe(sha256(a.token));
    expect(byId.get(b)).toBeNull();
    const raw = JSON.stringify(await h.db.selectFrom('event_participants').selectAll().where('event_id', '=', eventId).execute());
    expect(raw).not.toContain(a.token);
    const audit = JSON.stringify(await h.db.selectFrom('audit_log').select(['before', 'after']).where('entity_id', 'in', [a.id, c.id]).execute());
    expect(audit).not.toContain(a.token);
  });

  it('opens only with its own token on its own event: a wrong, malformed or foreign-event token is the same 404', async () => {
    const opened = await openLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, a.token, client);
    expect(opened.participantId).toBe(a.id);
    const wrong = [a.token.slice(0, -1) + (a.token.endsWith('A') ? 'B' : 'A'), 'short', `${a.token}x`, '../../etc/passwd'];
    const messages = new Set<string>();
    for (const t of wrong) {
      const e = await openLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, t, client).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(NotFoundError);
      messages.add((e as Error).message);
    }
    const foreign = await openLink({ db: h.db, actor: PUBLIC_ACTOR }, otherEventId, a.token, client).catch((x: unknown) => x);
    expect(foreign).toBeInstanceOf(NotFoundError);
    messages.add((foreign as Error).message);
    expect(messages.size).toBe(1);
  });

  it('shows the event as its participant sees it: its own contacts and code, nobody else’s', async () => {
    const v = await linkView(await bearer(a.token), eventId, a.id);
    expect(v.me).toBe(a.id);
    expect(v.myParticipantIds).toEqual([a.id]);
    expect(v.abilities).not.toContain('manage');
    expect(v.participants.find((p) => p.id === a.id)).toMatchObject({ contact_phone: '13800000001', code: expect.any(String) });
    expect(v.participants.find((p) => p.id === c.id)).not.toHaveProperty('code');
  });

  it('lets its bearer edit the description and availability, and publish and withdraw offers and needs with segments', async () => {
    const me = await bearer(a.token);
    const row = await updateParticipant(me, eventId, a.id, { description: '动力电池电芯与模组制造', availableSlotIds: slotIds.slice(0, 2) });
    expect(row).toMatchObject({ description: '动力电池电芯与模组制造', available_slot_ids: slotIds.slice(0, 2) });
    const need = await addOffer(me, eventId, a.id, { kind: 'need', title: '正极材料 磷酸铁锂', chainKey: 'nev', segmentKey: 'nev.battery', products: ['磷酸铁锂'] });
    expect(need).toMatchObject({ participant_id: a.id, chain_key: 'nev', segment_key: 'nev.battery' });
    const extra = await addOffer(me, eventId, a.id, { kind: 'offer', title: '电池回收' });
    await deleteOffer(me, eventId, a.id, extra.id);
    const left = await h.db.selectFrom('event_offers').select('title').where('participant_id', '=', a.id).execute();
    expect(left.map((o) => o.title)).toEqual(['正极材料 磷酸铁锂']);
    // The audit log names the participant (no account) as the one who acted.
    const entries = await h.db.selectFrom('audit_log').select(['actor_name', 'actor_user_id', 'action']).where('entity_id', 'in', [a.id, need.id, extra.id]).where('action', 'in', ['edit', 'create', 'delete']).execute();
    expect(entries).toHaveLength(4);
    for (const e of entries) expect(e).toMatchObject({ actor_user_id: null, actor_name: expect.stringContaining('示例动力电池公司') });
  });

  it('recommends whom to meet with reasons, sends a request, and answers the requests it received', async () => {
    await addOffer(fgw, eventId, c.id, { kind: 'offer', title: '磷酸铁锂正极材料供应', chainKey: 'nev', segmentKey: 'nev.battery', products: ['磷酸铁锂'] });
    const me = await bearer(a.token);
    const recs = await recommendations(me, eventId, a.id);
    const top = recs.items.find((r) => r.participant_id === c.id);
    expect(top?.reasons.length).toBeGreaterThan(0);
    const r = await requestMeeting(me, eventId, a.id, { to: c.id, priority: 'must', message: '希望洽谈正极材料采购' });
    expect(r).toMatchObject({ from_id: a.id, to_id: c.id, status: 'requested', priority: 'must' });
    // c answers from its own link: accepting makes a meeting that shows on both agendas.
    const theirs = await bearer(c.token);
    expect(await decideRequest(theirs, eventId, r.id, 'accept')).toMatchObject({ status: 'accepted' });
    const fromSwj = await requestMeeting(swj, eventId, b, { to: a.id });
    expect(await decideRequest(me, eventId, fromSwj.id, 'decline')).toMatchObject({ status: 'declined' });
    const agenda = await participantAgenda(me, eventId, a.id);
    expect(agenda.items.map((i) => i.other_name)).toEqual(['示例电芯材料公司']);
  });

  it('downloads the agenda as an iCalendar file with the placed meeting', async () => {
    const m = await h.db.selectFrom('event_meetings').select('id').where('event_id', '=', eventId).where('a_id', '=', a.id).where('status', '=', 'planned').executeTakeFirstOrThrow();
    const table = await h.db.selectFrom('event_tables').select('id').where('event_id', '=', eventId).where('number', '=', 1).executeTakeFirstOrThrow();
    await h.db.updateTable('event_meetings').set({ slot_id: slotIds[1], table_id: table.id }).where('region_code', '=', '120000').where('id', '=', m.id).execute();
    const ics = await participantAgendaIcs(await bearer(a.token), eventId, a.id);
    expect(ics.text).toContain('BEGIN:VEVENT');
    expect(ics.text).toContain('示例电芯材料公司');
  });

  it('cannot act for another participant: its offers, requests made to others, their meetings', async () => {
    const me = await bearer(a.token);
    await expect(addOffer(me, eventId, c.id, { kind: 'need', title: '冒名需求' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateParticipant(me, eventId, b, { description: '冒名' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(recommendations(me, eventId, c.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(participantAgenda(me, eventId, b)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requestMeeting(me, eventId, c.id, { to: b })).rejects.toBeInstanceOf(ForbiddenError);
    // A request from swj's participant to c: a may neither accept it (c's to answer) nor cancel it (b's).
    const toC = await requestMeeting(swj, eventId, b, { to: c.id });
    await expect(decideRequest(me, eventId, toC.id, 'accept')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideRequest(me, eventId, toC.id, 'cancel')).rejects.toBeInstanceOf(ForbiddenError);
    const bc = await addMeeting(fgw, eventId, { a: b, b: c.id });
    await expect(cancelMeeting(me, eventId, bc.id)).rejects.toBeInstanceOf(ForbiddenError);
    const still = await h.db.selectFrom('event_requests').select('status').where('region_code', '=', '120000').where('id', '=', toC.id).executeTakeFirstOrThrow();
    expect(still.status).toBe('requested');
  });

  it('is made anew by an organiser only; the old link then stops working', async () => {
    await expect(regenerateLink(gxj, eventId, c.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(regenerateLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, c.id)).rejects.toBeInstanceOf(ForbiddenError);
    const { token } = await regenerateLink(fgw, eventId, c.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(token).not.toBe(c.token);
    await expect(openLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, c.token, client)).rejects.toBeInstanceOf(NotFoundError);
    expect((await openLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, token, client)).participantId).toBe(c.id);
    // A participant with an account gets a link too when the organiser makes one.
    const forB = await regenerateLink(fgw, eventId, b);
    expect((await openLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, forB.token, client)).participantId).toBe(b);
    const renewed = await h.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.id).where('action', '=', 'renew_link').execute();
    expect(renewed).toHaveLength(1);
  });

  it('answers 429 after too many requests from one address, counting wrong tokens too', async () => {
    linkAttempts.clear();
    const from = { address: '198.51.100.7' };
    for (let i = 0; i < SELF_LINK.attemptsPerWindow; i++) await openLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, 'junk', from).catch(() => null);
    await expect(openLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, a.token, from)).rejects.toBeInstanceOf(RateLimitedError);
    expect((await openLink({ db: h.db, actor: PUBLIC_ACTOR }, eventId, a.token, client)).participantId).toBe(a.id);
    linkAttempts.clear();
  });
});
