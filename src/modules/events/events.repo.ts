import { sql, type Selectable } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { EventTables } from './events.tables.ts';

type Handle = Db | Tx;
export type EventRow = Selectable<EventTables['events']>;
export type SlotRow = Selectable<EventTables['event_slots']>;
export type TableRow = Selectable<EventTables['event_tables']>;
export type ParticipantRow = Selectable<EventTables['event_participants']>;
export type OfferRow = Selectable<EventTables['event_offers']>;
export type RequestRow = Selectable<EventTables['event_requests']>;
export type MeetingRow = Selectable<EventTables['event_meetings']>;
export type OutcomeRow = Selectable<EventTables['event_outcomes']>;

/** Entry lookup: a URL names an event by id alone; this one query finds its region, every later one carries it. */
export async function findEventById(db: Handle, id: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every event of every region, newest first (the events page lists them all; a list is small). */
export async function listAllEvents(db: Handle): Promise<(EventRow & { participants: number })[]> {
  const rows = await db
    .selectFrom('events as e')
    .selectAll('e')
    .select((eb) =>
      eb
        .selectFrom('event_participants as p')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('p.region_code', '=', 'e.region_code')
        .whereRef('p.event_id', '=', 'e.id')
        .where('p.status', '=', 'registered')
        .as('participants'),
    )
    .orderBy('e.starts_on', 'desc')
    .orderBy('e.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, participants: Number(r.participants ?? 0) }));
}

/** Everything of one event, each list in its display order. */
export async function loadEventState(db: Handle, ev: { region_code: string; id: string }) {
  const r = ev.region_code;
  const [slots, tables, participants, offers, requests, meetings, outcomes] = await Promise.all([
    db.selectFrom('event_slots').selectAll().where('region_code', '=', r).where('event_id', '=', ev.id).orderBy('position').execute(),
    db.selectFrom('event_tables').selectAll().where('region_code', '=', r).where('event_id', '=', ev.id).orderBy('number').execute(),
    db.selectFrom('event_participants').selectAll().where('region_code', '=', r).where('event_id', '=', ev.id).orderBy('created_at').orderBy('name').execute(),
    db.selectFrom('event_offers').selectAll().where('region_code', '=', r).where('event_id', '=', ev.id).orderBy('created_at').execute(),
    db.selectFrom('event_requests').selectAll().where('region_code', '=', r).where('event_id', '=', ev.id).orderBy('created_at').execute(),
    db.selectFrom('event_meetings').selectAll().where('region_code', '=', r).where('event_id', '=', ev.id).orderBy('created_at').execute(),
    db.selectFrom('event_outcomes').selectAll().where('region_code', '=', r).where('event_id', '=', ev.id).orderBy('created_at').execute(),
  ]);
  return { slots, tables, participants, offers, requests, meetings, outcomes };
}
export type EventState = Awaited<ReturnType<typeof loadEventState>>;

/** Row counts for `luoshi status`. */
export async function countEventRows(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`select (select count(*) from events)::int as events,
    (select count(*) from event_participants)::int as event_participants, (select count(*) from event_meetings)::int as event_meetings`.execute(db);
  return { ...rows[0] };
}
