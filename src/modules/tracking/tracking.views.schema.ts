import { UnitActivities } from './tracking.activities.schema.ts';
import { Type, type Static } from 'typebox';
import { StringEnum } from '../../lib/typebox.ts';
import { ProgressClassSchema, WarningSchema } from './tracking.progress.schema.ts';

const Uuid = Type.String({ format: 'uuid' });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Percent = Type.Union([Type.Number(), Type.Null()]);
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

/** Path of a person's or a unit's page. */
export const IdParams = Type.Object({ id: Uuid });
/** ?asOf= of the 台账, the briefing and a leader's or unit's page (today by default). */
export const AsOfQuery = Type.Object({ asOf: Type.Optional(IsoDate) }, { additionalProperties: false });
/** The briefing's day and its signature (发文机关署名; the exporting account's unit by default). */
export const BriefingFileQuery = Type.Object(
  { asOf: Type.Optional(IsoDate), issuer: Type.Optional(Type.String({ maxLength: 200, description: '发文机关署名 (at most 40 characters); the unit of the account exporting it by default' })) },
  { additionalProperties: false },
);

const TallyProps = {
  total: Type.Integer(),
  classes: Type.Object({ ahead: Type.Integer(), on_track: Type.Integer(), behind: Type.Integer(), done: Type.Integer(), overdue: Type.Integer() }),
  warnings: Type.Object({ red: Type.Integer(), yellow: Type.Integer(), blue: Type.Integer(), none: Type.Integer() }),
};
const TallySchema = Type.Object(TallyProps);

const Highlight = Type.Object({ taskId: Uuid, reportId: Type.Union([Uuid, Type.Null()]), number: Type.String(), title: Type.String(), note: Type.String(), text: Type.String() });

/** GET /api/plans/:id/briefing and PUT …/briefing/highlights: the highlights chosen for the briefing of a day. */
export const BriefingReply = Type.Object({ asOf: IsoDate, highlights: Type.Array(Highlight), abilities: Type.Array(StringEnum(['chooseHighlights'])) });

/** PUT /api/plans/:id/briefing/highlights. */
export const HighlightsBody = Type.Object(
  {
    asOf: IsoDate,
    highlights: Type.Array(
      Type.Object(
        { taskId: Uuid, reportId: Type.Optional(Type.Union([Uuid, Type.Null()])), note: Type.Optional(Type.String({ maxLength: 2000 })) },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

const PageTaskProps = {
  id: Uuid,
  planId: Uuid,
  planTitle: Type.String(),
  number: Type.String(),
  title: Type.String(),
  dueDate: Type.Union([IsoDate, Type.Null()]),
  expected: Percent,
  actual: Percent,
  class: ProgressClassSchema,
  warning: Type.Union([WarningSchema, Type.Null()]),
  reason: Bilingual,
};
const TaskRef = { taskId: Uuid, number: Type.String(), title: Type.String() };
/** A report's period as stored (`closing` for a closing report), its kind and when it was submitted, for the UI to put in words. */
const ReportPeriod = { period: Type.String(), kind: StringEnum(['progress', 'closing']), submittedAt: Type.Union([Type.String(), Type.Null()]) };

/** GET /api/people/:id/leader-page. */
export const LeaderPageReply = Type.Object({
  person: Type.Object({ id: Uuid, name: Type.String(), title: Type.Union([Type.String(), Type.Null()]) }),
  asOf: IsoDate,
  totals: TallySchema,
  leads: Type.Integer(),
  oversees: Type.Integer(),
  byPlan: Type.Array(Type.Object({ planId: Uuid, planTitle: Type.String(), ...TallyProps })),
  decisions: Type.Object({
    deadlineChanges: Type.Array(Type.Object({ id: Uuid, ...TaskRef, oldDueDate: Type.Union([IsoDate, Type.Null()]), newDueDate: IsoDate, reason: Type.String() })),
    reports: Type.Array(Type.Object({ id: Uuid, ...TaskRef, role: StringEnum(['lead', 'co']), unitName: Type.String(), ...ReportPeriod })),
    coordination: Type.Array(Type.Object({ reportId: Uuid, ...TaskRef, ...ReportPeriod, helpNeeded: Type.String() })),
  }),
  late: Type.Array(
    Type.Object({
      ...PageTaskProps,
      leadUnit: Type.Union([Type.Object({ id: Type.Union([Uuid, Type.Null()]), name: Type.String() }), Type.Null()]),
      leads: Type.Boolean(),
    }),
  ),
});

/** GET /api/units/:id/tracking-page. */
export const UnitPageReply = Type.Object({
  unit: Type.Object({ id: Uuid, name: Type.String() }),
  asOf: IsoDate,
  leads: TallySchema,
  supports: TallySchema,
  tasks: Type.Array(Type.Object({ ...PageTaskProps, role: StringEnum(['lead', 'co']) })),
  reporting: Type.Array(Type.Object({ dueDate: IsoDate, role: Type.Union([Type.Literal('lead'), Type.Literal('co')]), due: Type.Integer(), onTime: Type.Integer(), late: Type.Integer(), missing: Type.Integer() })),
  escalations: Type.Object({
    available: Type.Boolean(),
    items: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), title: Type.String(), status: Type.String() })),
  }),
  activities: UnitActivities,
});

export type BriefingReplyType = Static<typeof BriefingReply>;
export type LeaderPageReplyType = Static<typeof LeaderPageReply>;
export type UnitPageReplyType = Static<typeof UnitPageReply>;
