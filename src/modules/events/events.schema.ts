import { Type, type Static } from 'typebox';
import { actionNames } from '../../lib/abilities.ts';
import { DateTime as Time, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';
import { eventsPolicy } from './events.policy.ts';

const OptText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));
const Kind = StringEnum(['enterprise', 'association', 'investor', 'government']);
const EventStatus = StringEnum(['draft', 'open', 'closed', 'held']);
const Access = StringEnum(['public', 'invitation']);

export const IdParams = Type.Object({ id: Uuid });
export const ParticipantParams = Type.Object({ id: Uuid, pid: Uuid });
export const OfferParams = Type.Object({ id: Uuid, pid: Uuid, oid: Uuid });
export const RequestParams = Type.Object({ id: Uuid, rid: Uuid });
export const MeetingParams = Type.Object({ id: Uuid, mid: Uuid });

const EventEditable = {
  name: Type.String({ maxLength: 200 }),
  description: OptText(5000),
  startsOn: Type.String({ maxLength: 10 }),
  endsOn: OptText(10),
  venue: OptText(500),
  registrationOpensAt: OptText(40),
  registrationClosesAt: OptText(40),
  access: Type.Optional(Access),
  focusChains: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
  focusSegments: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
  taskId: Type.Optional(Nullable(Uuid)),
};
export const SlotPlanBody = Type.Object(
  {
    date: Type.String({ maxLength: 10 }),
    start: Type.String({ maxLength: 5 }),
    count: Type.Integer(),
    minutes: Type.Integer(),
    breakEvery: Type.Optional(Type.Integer()),
    breakMinutes: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export const EventCreateBody = Type.Object({ ...EventEditable, regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })), slots: SlotPlanBody, tables: Type.Integer() }, { additionalProperties: false });
export const EventUpdateBody = Type.Object(
  { ...EventEditable, name: Type.Optional(EventEditable.name), startsOn: Type.Optional(EventEditable.startsOn), status: Type.Optional(EventStatus) },
  { additionalProperties: false },
);

const EventFields = {
  id: Uuid,
  region_code: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  starts_on: Type.String(),
  ends_on: Type.String(),
  venue: Nullable(Type.String()),
  registration_opens_at: Nullable(Time),
  registration_closes_at: Nullable(Time),
  access: Access,
  focus_chains: Type.Array(Type.String()),
  focus_segments: Type.Array(Type.String()),
  status: EventStatus,
  task_id: Nullable(Uuid),
  registration_open: Type.Boolean(),
};
const Abilities = Type.Array(StringEnum(actionNames(eventsPolicy.event)));

export const EventList = Type.Object({
  events: Type.Array(Type.Object({ ...EventFields, participants: Type.Integer(), abilities: Abilities })),
  canCreate: Type.Boolean(),
});

export const Slot = Type.Object({ id: Uuid, position: Type.Integer(), label: Type.String(), starts_at: Time, ends_at: Time });
export const Table = Type.Object({ id: Uuid, number: Type.Integer(), name: Nullable(Type.String()), capacity: Type.Integer() });
export const Participant = Type.Object({
  id: Uuid,
  kind: Kind,
  name: Type.String(),
  uscc: Nullable(Type.String()),
  enterprise_id: Nullable(Uuid),
  description: Nullable(Type.String()),
  home_region_code: Nullable(Type.String()),
  status: StringEnum(['registered', 'cancelled']),
  available_slot_ids: Type.Array(Uuid),
  checked_in_at: Nullable(Time),
  contact_name: Type.Optional(Nullable(Type.String())),
  contact_phone: Type.Optional(Nullable(Type.String())),
  contact_email: Type.Optional(Nullable(Type.String())),
  code: Type.Optional(Type.String({ description: 'The check-in code: for the participant itself and organisers only' })),
  user_id: Type.Optional(Nullable(Uuid)),
});
export const Offer = Type.Object({
  id: Uuid,
  participant_id: Uuid,
  kind: StringEnum(['offer', 'need']),
  title: Type.String(),
  body: Nullable(Type.String()),
  chain_key: Nullable(Type.String()),
  segment_key: Nullable(Type.String()),
  products: Type.Array(Type.String()),
  created_at: Time,
});
export const Request = Type.Object({
  id: Uuid,
  from_id: Uuid,
  to_id: Uuid,
  message: Nullable(Type.String()),
  priority: StringEnum(['must', 'nice']),
  status: StringEnum(['requested', 'accepted', 'declined', 'cancelled']),
  created_at: Time,
  decided_at: Nullable(Time),
});
export const Meeting = Type.Object({
  id: Uuid,
  request_id: Nullable(Uuid),
  a_id: Uuid,
  b_id: Uuid,
  origin: StringEnum(['request', 'organiser']),
  slot_id: Nullable(Uuid),
  table_id: Nullable(Uuid),
  status: StringEnum(['planned', 'held', 'no_show', 'cancelled']),
  no_show_ids: Type.Array(Uuid),
});
export const Outcome = Type.Object({
  id: Uuid,
  meeting_id: Uuid,
  kind: StringEnum(['intention', 'agreement', 'signed']),
  amount: Type.Number(),
  chain_key: Nullable(Type.String()),
  segment_key: Nullable(Type.String()),
  note: Nullable(Type.String()),
  project_id: Nullable(Uuid),
});

/** The atlas's names of the chains and segments used as tags, keyed by "chain" and "chain/segment" (events.chains.domain.ts). */
export const SegmentNames = Type.Record(Type.String(), Type.Object({ zh: Type.String(), en: Nullable(Type.String()) }), {
  description: 'The atlas names of the chain and segment keys the offers, needs and outcomes are tagged with; a key without an entry has no atlas name',
});

export const EventDetail = Type.Object({
  event: Type.Object({ ...EventFields, organiser_unit_id: Nullable(Uuid) }),
  abilities: Abilities,
  myParticipantIds: Type.Array(Uuid),
  slots: Type.Array(Slot),
  tables: Type.Array(Table),
  participants: Type.Array(Participant),
  offers: Type.Array(Offer),
  requests: Type.Array(Request),
  meetings: Type.Array(Meeting),
  outcomes: Type.Array(Outcome),
  segment_names: SegmentNames,
});
export const PublicEvent = Type.Object({ event: Type.Object(EventFields), slots: Type.Array(Slot) });

export const ParticipantBody = Type.Object(
  {
    kind: Kind,
    name: Type.String({ maxLength: 200 }),
    uscc: OptText(40),
    contactName: OptText(100),
    contactPhone: OptText(40),
    contactEmail: OptText(200),
    description: OptText(5000),
    homeRegionCode: OptText(6),
    availableSlotIds: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })),
    userId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);
export const ParticipantUpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    contactName: OptText(100),
    contactPhone: OptText(40),
    contactEmail: OptText(200),
    description: OptText(5000),
    homeRegionCode: OptText(6),
    availableSlotIds: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);
/** The anonymous registration form: no account to link, a shorter description. */
export const PublicParticipantBody = Type.Object(
  {
    kind: Kind,
    name: Type.String({ maxLength: 200 }),
    uscc: OptText(40),
    contactName: OptText(100),
    contactPhone: OptText(40),
    contactEmail: OptText(200),
    description: OptText(2000),
    homeRegionCode: OptText(6),
    availableSlotIds: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export const TaskChoicesQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false });
export const TaskChoices = Type.Object({
  tasks: Type.Array(Type.Object({ id: Uuid, seq: Type.String(), title: Type.String(), plan_id: Uuid, plan_title: Type.String() })),
});
export const RegisteredParticipant = Type.Object({
  ...Participant.properties,
  code: Type.String(),
  linked_enterprise_name: Nullable(Type.String()),
  link_token: Nullable(Type.String({ description: 'The secret of the personal link /events/:id/self/:token, for a participant without an account; shown this once' })),
});

/** A personal link's routes: the event and the link's secret (any string; a wrong one is a 404). */
const LinkToken = Type.String({ maxLength: 64 });
export const SelfParams = Type.Object({ id: Uuid, token: LinkToken });
export const SelfOfferParams = Type.Object({ id: Uuid, token: LinkToken, oid: Uuid });
export const SelfRequestParams = Type.Object({ id: Uuid, token: LinkToken, rid: Uuid });
export const SelfMeetingParams = Type.Object({ id: Uuid, token: LinkToken, mid: Uuid });
export const SelfView = Type.Object({ ...EventDetail.properties, me: Uuid });
export const SelfChains = Type.Array(Type.Object({ key: Type.String(), name: Type.String(), segments: Type.Array(Type.Object({ key: Type.String(), parent: Nullable(Type.String()), name: Type.String() })) }));
export const LinkReply = Type.Object({ token: Type.String({ description: 'The new secret of the personal link /events/:id/self/:token; the old link stops working' }) });

export const OfferBody = Type.Object(
  {
    kind: StringEnum(['offer', 'need']),
    title: Type.String({ maxLength: 200 }),
    body: OptText(5000),
    chainKey: OptText(100),
    segmentKey: OptText(100),
    products: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export const RequestBody = Type.Object({ to: Uuid, message: OptText(2000), priority: Type.Optional(StringEnum(['must', 'nice'])) }, { additionalProperties: false });
export const DecisionBody = Type.Object({ decision: StringEnum(['accept', 'decline', 'cancel']) }, { additionalProperties: false });
export const MeetingBody = Type.Object({ a: Uuid, b: Uuid, slotId: Type.Optional(Nullable(Uuid)), tableId: Type.Optional(Nullable(Uuid)) }, { additionalProperties: false });
export const PlaceBody = Type.Object({ slotId: Nullable(Uuid), tableId: Nullable(Uuid) }, { additionalProperties: false });
export const AttendanceBody = Type.Object({ status: StringEnum(['held', 'no_show']), noShowIds: Type.Optional(Type.Array(Uuid, { maxItems: 2 })) }, { additionalProperties: false });
export const CheckInBody = Type.Object({ code: Type.String({ maxLength: 40 }) }, { additionalProperties: false });
export const CheckInReply = Type.Object({ participant: Participant, already: Type.Boolean() });

export const ScheduleBody = Type.Object({ weighted: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const Place = Type.Object({ slot: Uuid, table: Type.Integer() });
export const ScheduleReply = Type.Object({
  objective: Type.Number(),
  bound: Nullable(Type.Number()),
  scheduled: Type.Integer(),
  unscheduled: Type.Array(Type.Object({ meetingId: Uuid, names: Type.Array(Type.String()) })),
  moved: Type.Array(Type.Object({ meetingId: Uuid, names: Type.Array(Type.String()), from: Place, to: Nullable(Place) })),
});

export const Agenda = Type.Object({
  event: Type.Object({ id: Uuid, name: Type.String(), venue: Nullable(Type.String()), starts_on: Type.String(), ends_on: Type.String() }),
  participant: Type.Object({ id: Uuid, name: Type.String(), kind: Kind, code: Type.String(), checked_in_at: Nullable(Time) }),
  items: Type.Array(
    Type.Object({
      meeting_id: Uuid,
      status: StringEnum(['planned', 'held', 'no_show', 'cancelled']),
      slot_position: Nullable(Type.Integer()),
      slot_label: Nullable(Type.String()),
      starts_at: Nullable(Time),
      ends_at: Nullable(Time),
      table_number: Nullable(Type.Integer()),
      table_name: Nullable(Type.String()),
      other_id: Uuid,
      other_name: Type.String(),
      other_kind: Kind,
    }),
  ),
});
export const OutcomeBody = Type.Object(
  {
    kind: StringEnum(['intention', 'agreement', 'signed']),
    amount: Type.Optional(Type.Number()),
    chainKey: OptText(100),
    segmentKey: OptText(100),
    note: OptText(2000),
    taskId: Type.Optional(Nullable(Uuid)),
    projectName: OptText(500),
  },
  { additionalProperties: false },
);
const Counts = Type.Record(Type.String(), Type.Integer());
export const Report = Type.Object({
  event: Type.Object({ id: Uuid, name: Type.String(), starts_on: Type.String(), ends_on: Type.String(), venue: Nullable(Type.String()) }),
  registrations: Type.Object({ total: Type.Integer(), checked_in: Type.Integer(), by_kind: Counts }),
  requests: Type.Object({ total: Type.Integer(), by_status: Counts }),
  meetings: Type.Object({ total: Type.Integer(), by_status: Counts, placed: Type.Integer() }),
  outcomes: Type.Array(Type.Object({ kind: StringEnum(['intention', 'agreement', 'signed']), count: Type.Integer(), amount: Type.Number() })),
  projects: Type.Integer(),
  segment_names: SegmentNames,
  segments: Type.Array(
    Type.Object({
      chain_key: Type.String(),
      segment_key: Nullable(Type.String()),
      chain_name: Type.String({ description: "The atlas's name of the chain; its key where the atlas has none" }),
      chain_name_en: Type.String({ description: 'The English name; the Chinese one or the key where the atlas has none' }),
      segment_name: Nullable(Type.String()),
      segment_name_en: Nullable(Type.String()),
      offers: Type.Integer(),
      needs: Type.Integer(),
      outcomes: Type.Integer(),
      amount: Type.Number(),
    }),
  ),
});

export const Recommendations = Type.Object({
  items: Type.Array(Type.Object({ participant_id: Uuid, name: Type.String(), kind: Kind, score: Type.Number(), reasons: Type.Array(Type.Object({ zh: Type.String(), en: Type.String() })) })),
});

/** Routing an event through an intermediary (中介组织): its members become participants. */
export const InviteIntermediaryBody = Type.Object({ intermediaryId: Type.String({ description: 'The intermediary’s id (/api/atlas/intermediaries)' }) });
export const InviteIntermediaryResult = Type.Object({
  intermediary: Type.Object({ id: Uuid, name: Type.String() }),
  invited: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      uscc: Type.String(),
      role: Type.String({ description: 'Its role in the intermediary (president, vice_president, director, member)' }),
      link_token: Type.String({ description: 'The secret of its personal link /events/:id/self/:token; shown this once' }),
    }),
    { description: 'Members registered now' },
  ),
  already: Type.Array(Type.Object({ name: Type.String(), uscc: Type.String() }), { description: 'Members registered for the event already, left as they were' }),
});
export type InviteIntermediaryResult = Static<typeof InviteIntermediaryResult>;
