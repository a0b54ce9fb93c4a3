import { Type, type Static } from 'typebox';
import { Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';
import { CHIEF_LIST_KEYS } from './atlas.chiefs.domain.ts';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const Text = (description: string, maxLength = 200) => Type.String({ description, maxLength });
const OptText = (description: string, maxLength = 200) => Type.Optional(Nullable(Text(description, maxLength)));

export const ChiefList = StringEnum(CHIEF_LIST_KEYS);

const PersonBody = Type.Object({
  personId: OptText('One of org’s people (its id); the name and title default to theirs'),
  name: OptText('Name, when not one of org’s people', 50),
  title: OptText('Title, e.g. 副市长', 100),
});

/** The head of a region's chain-chief record: 链长, 副链长, 链长办 and the working group (工作专班). */
export const ChiefHeadBody = Type.Object({
  chief: Type.Optional(Nullable(PersonBody)),
  deputies: Type.Optional(Type.Array(PersonBody, { maxItems: 20 })),
  officeUnitId: OptText('The unit serving as chain office (链长办), one of org’s units'),
  officeName: OptText('The chain office’s name, when not one of org’s units'),
  officeContact: OptText('Contact of the chain office', 200),
  workingGroup: Type.Optional(
    Type.Array(Type.Object({ unit: Type.String({ maxLength: 200 }), person: OptText('Person', 50), role: OptText('Role in the group, e.g. 成员单位', 100) }), { maxItems: 100 }),
  ),
  note: OptText('Note', 2000),
});
export type ChiefHeadBody = Static<typeof ChiefHeadBody>;

const ItemFields = {
  name: OptText('The enterprise’s, project’s, gap’s, technology’s or policy’s name'),
  segmentKey: OptText('A segment key of the chain (required for a gap)'),
  uscc: OptText('An enterprise’s USCC (链主, a project’s partner, a technology’s lead enterprise)', 30),
  role: OptText('A leading enterprise’s role; a technology’s lead enterprise or institute'),
  amount: Type.Optional(Nullable(Type.Number({ description: 'A key project’s amount, 万元' }))),
  stage: OptText('A key project’s stage: planning, signed, started, producing, completed', 20),
  status: OptText('The item’s status (per list)', 20),
  chokepointId: OptText('A chokepoint (卡点) the atlas marks for the chain, for a technology', 40),
  issuer: OptText('A policy’s issuer (发文单位)'),
  docNumber: OptText('A policy’s document number (文号)', 100),
  issuedOn: OptText('A policy’s date (YYYY-MM-DD)', 10),
  link: OptText('A policy’s link', 1000),
  note: OptText('Note', 2000),
  asOf: OptText('As of (YYYY-MM-DD); today when left out', 10),
};

/** An item of one of the lists, as written; the service checks what its list needs and names the field. */
export const ChiefItemBody = Type.Object({ list: Type.String({ description: 'leading, project, gap, technology or policy' }), ...ItemFields });
export type ChiefItemBody = Static<typeof ChiefItemBody>;
/** Changes to an item: the fields given replace the item’s. */
export const ChiefItemPatch = Type.Object(ItemFields);
export type ChiefItemPatch = Static<typeof ChiefItemPatch>;

export const ChiefQuery = Type.Object({ region: Type.Optional(Type.String({ description: 'The region whose record (6-digit code); the caller’s own by default' })) });
export type ChiefQuery = Static<typeof ChiefQuery>;

const Person = Type.Object({ personId: Nullable(Type.String()), name: Type.String(), title: Nullable(Type.String()) });

export const ChiefItem = Type.Object({
  id: Uuid,
  list: ChiefList,
  name: Type.String(),
  segmentKey: Nullable(Type.String()),
  segmentName: Nullable(Type.String({ description: 'The segment’s name in the chain’s current version' })),
  uscc: Nullable(Type.String()),
  enterpriseName: Nullable(Type.String({ description: 'The directory’s name for the USCC, when it has the enterprise' })),
  role: Nullable(Type.String()),
  amount: Nullable(Type.Number()),
  stage: Nullable(Type.String()),
  stageName: Nullable(Bilingual),
  status: Nullable(Type.String()),
  statusName: Nullable(Bilingual),
  chokepointId: Nullable(Type.String()),
  chokepoint: Nullable(Type.String({ description: 'The chokepoint’s segment and technology' })),
  isGap: Type.Boolean({ description: 'Whether the atlas finds the item’s segment a 堵点 of the region' }),
  issuer: Nullable(Type.String()),
  docNumber: Nullable(Type.String()),
  issuedOn: Nullable(Type.String()),
  link: Nullable(Type.String()),
  note: Nullable(Type.String()),
  asOf: Type.String(),
  tracking: Nullable(
    Type.Object(
      {
        planId: Nullable(Type.String()),
        taskId: Type.String(),
        projectId: Nullable(Type.String({ description: 'The tracking project; null while the key project is at 谋划 (tracking projects start at 签约)' })),
        stage: Nullable(Type.String({ description: 'The tracking project’s stage now: signed, started, producing, full' })),
        stageName: Nullable(Bilingual),
        stageOn: Nullable(Type.String({ description: 'The date its stage was reached' })),
      },
      { description: 'A key project followed in the ledger: its task and tracking project (链长制 → 台账)' },
    ),
  ),
  updatedAt: Type.String(),
  updatedBy: Nullable(Type.String()),
});
export type ChiefItem = Static<typeof ChiefItem>;

/** A region's chain-chief record of a chain, with its lists and what the caller may do. */
export const ChiefRecord = Type.Object({
  chain: Type.Object({ id: Uuid, key: Type.String(), name: Type.String(), version: Type.Integer() }),
  regionCode: Type.String(),
  regionName: Type.String(),
  regions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), { description: 'The regions that keep a record of the chain' }),
  chief: Nullable(Person),
  deputies: Type.Array(Person),
  officeUnitId: Nullable(Type.String()),
  officeName: Nullable(Type.String()),
  officeContact: Nullable(Type.String()),
  workingGroup: Type.Array(Type.Object({ unit: Type.String(), person: Nullable(Type.String()), role: Nullable(Type.String()) })),
  note: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
  updatedBy: Nullable(Type.String()),
  items: Type.Array(ChiefItem),
  segments: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), parent: Nullable(Type.String()), stage: Nullable(Type.String()) })),
  chokepoints: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })),
  gapSegments: Type.Array(Type.Object({ key: Type.String(), name: Type.String() }), { description: 'The region’s 堵点 as the atlas finds them' }),
  stages: Type.Record(Type.String(), Bilingual),
  statuses: Type.Record(Type.String(), Type.Record(Type.String(), Bilingual)),
  canEdit: Type.Boolean(),
});
export type ChiefRecord = Static<typeof ChiefRecord>;

/** Key projects to follow in the ledger: the plan to hold their tasks and the items chosen. */
export const TrackKeyProjectsBody = Type.Object({
  planId: Type.String({ description: 'The plan whose tasks follow the key projects' }),
  itemIds: Type.Array(Type.String(), { description: 'Key projects (重点项目) of the record', maxItems: 100 }),
});
export type TrackKeyProjectsBody = Static<typeof TrackKeyProjectsBody>;

export const TrackKeyProjectsResult = Type.Object({
  record: ChiefRecord,
  outcomes: Type.Array(
    Type.Object({
      itemId: Type.String(),
      name: Type.String(),
      // task: a task (谋划, no project yet); project: a task and its project; projectOnly: a project under its earlier task; already: nothing new.
      made: StringEnum(['task', 'project', 'projectOnly', 'already'] as const),
      taskId: Type.String(),
      projectId: Nullable(Type.String()),
    }),
  ),
});
export type TrackKeyProjectsResult = Static<typeof TrackKeyProjectsResult>;
