import { Type, type Static } from 'typebox';
import { StringEnum } from '../../lib/typebox.ts';

const Uuid = Type.String({ format: 'uuid' });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Percent = Type.Union([Type.Number(), Type.Null()]);

export const ProgressClassSchema = StringEnum(['ahead', 'on_track', 'behind', 'done', 'overdue']);
export const WarningSchema = StringEnum(['red', 'yellow', 'blue']);
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

/** Path of the plan routes. */
export const PlanParams = Type.Object({ id: Uuid });

/** The numbers of a plan's rule. */
export const RuleSchema = Type.Object(
  {
    aheadPoints: Type.Number({ minimum: 0, maximum: 100 }),
    behindPoints: Type.Number({ minimum: 0, maximum: 100 }),
    blueDays: Type.Integer({ minimum: 0, maximum: 366 }),
    redLateReports: Type.Integer({ minimum: 1, maximum: 24 }),
  },
  { additionalProperties: false },
);

/** Query of the dashboard: what to narrow it to. */
export const DashboardQuery = Type.Object(
  {
    part: Type.Optional(Type.String({ maxLength: 500 })),
    leader: Type.Optional(Type.String({ maxLength: 200 })),
    unit: Type.Optional(Type.String({ maxLength: 200 })),
    region: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
    kind: Type.Optional(StringEnum(['one_off', 'phased', 'ongoing'])),
    dueFrom: Type.Optional(IsoDate),
    dueTo: Type.Optional(IsoDate),
    asOf: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

/** Query of the task list behind a number: the dashboard's filter, a class or warning, a page. */
export const DashboardTasksQuery = Type.Object(
  {
    ...DashboardQuery.properties,
    class: Type.Optional(ProgressClassSchema),
    warning: Type.Optional(StringEnum(['red', 'yellow', 'blue', 'none'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const TallyProps = {
  total: Type.Integer(),
  classes: Type.Object({ ahead: Type.Integer(), on_track: Type.Integer(), behind: Type.Integer(), done: Type.Integer(), overdue: Type.Integer() }),
  warnings: Type.Object({ red: Type.Integer(), yellow: Type.Integer(), blue: Type.Integer(), none: Type.Integer() }),
};
const Group = Type.Object({ key: Type.String(), label: Type.String(), ...TallyProps });

/** GET /api/plans/:id/dashboard. */
export const DashboardReply = Type.Object({
  plan: Type.Object({ id: Uuid, title: Type.String(), status: Type.String(), issuedDate: Type.Union([IsoDate, Type.Null()]) }),
  asOf: IsoDate,
  rule: RuleSchema,
  filter: Type.Object({}, { additionalProperties: true }),
  totals: Type.Object(TallyProps),
  reports: Type.Object({ due: Type.Integer(), onTime: Type.Integer() }),
  byPart: Type.Array(Group),
  byLeader: Type.Array(Group),
  byUnit: Type.Array(Group, { description: 'The 20 lead units that need attention most (most red, then yellow, then most tasks); every unit: /dashboard/units' }),
  unitCount: Type.Integer({ description: 'How many lead units there are in all' }),
  byRegion: Type.Array(Group),
});

/** Query of the dashboard's unit list (全部单位): the dashboard's filter, a name to look for, a sort, a page. */
export const DashboardUnitsQuery = Type.Object(
  {
    ...DashboardQuery.properties,
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(StringEnum(['attention', 'name', 'total', 'red', 'yellow', 'blue', 'overdue', 'behind', 'on_track', 'ahead', 'done'])),
    order: Type.Optional(StringEnum(['asc', 'desc'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** GET /api/plans/:id/dashboard/units. */
export const DashboardUnitsReply = Type.Object({ asOf: IsoDate, total: Type.Integer(), units: Type.Array(Group) });

/** GET /api/plans/:id/dashboard/trend: one point a month. */
export const TrendReply = Type.Object({
  asOf: IsoDate,
  points: Type.Array(
    Type.Object({
      month: Type.String(),
      date: IsoDate,
      tasks: Type.Integer(),
      good: Type.Integer(),
      goodShare: Percent,
      averagePercent: Percent,
    }),
  ),
});

const Named = Type.Object({ key: Type.String(), name: Type.String() });

/** GET /api/plans/:id/dashboard/tasks. */
export const DashboardTasksReply = Type.Object({
  total: Type.Integer(),
  tasks: Type.Array(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      title: Type.String(),
      part: Type.String(),
      kind: Type.String(),
      deadlineText: Type.String(),
      dueDate: Type.Union([IsoDate, Type.Null()]),
      /** The deadline before an approved change (时限调整), null when it never changed. */
      originalDueDate: Type.Union([IsoDate, Type.Null()]),
      leaders: Type.Array(Named),
      leadUnit: Type.Union([Named, Type.Null()]),
      asOf: IsoDate,
      expected: Percent,
      actual: Percent,
      class: ProgressClassSchema,
      warning: Type.Union([WarningSchema, Type.Null()]),
      lateReports: Type.Integer(),
      reason: Bilingual,
    }),
  ),
});

/** GET /api/plans/:id/progress: every task as `luoshi status --plan` prints it, as of a day. */
export const PlanStatusReply = Type.Object({
  asOf: IsoDate,
  rule: RuleSchema,
  tasks: Type.Array(
    Type.Object({
      number: Type.String(),
      text: Type.String(),
      expected: Percent,
      actual: Percent,
      class: ProgressClassSchema,
      warning: Type.Union([WarningSchema, Type.Null()]),
      reason: Type.String(),
    }),
  ),
});

/** PUT /api/plans/:id/progress-rule: the numbers, or null for the default rule. */
export const RuleBody = Type.Object({ rule: Type.Union([RuleSchema, Type.Null()]) }, { additionalProperties: false });

/** POST /api/tracking/recompute. */
export const RecomputeBody = Type.Object({ asOf: Type.Optional(IsoDate), planId: Type.Optional(Uuid), full: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const RecomputeReply = Type.Object({ asOf: IsoDate, plans: Type.Integer(), tasks: Type.Integer() });

/** GET /api/plans/:id/rankings. */
export const RankingsQuery = Type.Object({ by: Type.Optional(StringEnum(['onTime', 'onTrack', 'closures'])), asOf: Type.Optional(IsoDate) }, { additionalProperties: false });
const Rate = Type.Union([Type.Number(), Type.Null()]);
export const RankingsReply = Type.Object({
  asOf: IsoDate,
  by: StringEnum(['onTime', 'onTrack', 'closures']),
  weighting: Bilingual,
  units: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      unitKey: Type.String(),
      unitName: Type.String(),
      leads: Type.Integer(),
      supports: Type.Integer(),
      workload: Type.Number(),
      onTimeRate: Rate,
      onTrackRate: Rate,
      closures: Type.Integer(),
      closureWeight: Type.Number(),
    }),
  ),
});

export type DashboardReplyType = Static<typeof DashboardReply>;
