import { Type } from 'typebox';
import { DateTime as Time, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Kind = StringEnum(['investment', 'construction', 'cooperation']);
const Stage = StringEnum(['signed', 'started', 'producing', 'full']);
const OptText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));

export const ProjectIdParams = Type.Object({ id: Uuid });

const EditableFields = {
  kind: Kind,
  name: Type.String({ minLength: 1, maxLength: 500 }),
  amount: Type.Number({ minimum: 0 }),
  regionCode: OptText(6),
  partnerName: OptText(300),
  partnerUscc: OptText(40),
  chainSegment: OptText(200),
};

export const ProjectCreateBody = Type.Object(
  {
    ...EditableFields,
    stage: Type.Optional(Stage),
    signedOn: Type.Optional(Nullable(IsoDate)),
    startedOn: Type.Optional(Nullable(IsoDate)),
    producingOn: Type.Optional(Nullable(IsoDate)),
    fullOn: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false },
);
export const ProjectUpdateBody = Type.Object(
  {
    kind: Type.Optional(Kind),
    name: Type.Optional(EditableFields.name),
    amount: Type.Optional(EditableFields.amount),
    regionCode: OptText(6),
    partnerName: OptText(300),
    partnerUscc: OptText(40),
    chainSegment: OptText(200),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export const StageMoveBody = Type.Object(
  { stage: Stage, date: Type.Optional(Nullable(IsoDate)), reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))), version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export const ProjectReportBody = Type.Object({ date: IsoDate, body: Type.String({ minLength: 1, maxLength: 5000 }), stage: Type.Optional(Stage) }, { additionalProperties: false });
export const PlanProjectsQuery = Type.Object({ stage: Type.Optional(Stage), kind: Type.Optional(Kind), unitId: Type.Optional(Uuid), regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) });
export const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean()) });

const ProjectProps = {
  id: Uuid,
  plan_id: Uuid,
  task_id: Uuid,
  task_seq: Nullable(Type.String()),
  task_title: Type.String(),
  lead_unit_id: Nullable(Uuid),
  lead_unit_name: Nullable(Type.String()),
  kind: Kind,
  name: Type.String(),
  amount: Type.Number(),
  site_region_code: Nullable(Type.String()),
  site_region_name: Nullable(Type.String()),
  partner_name: Nullable(Type.String()),
  partner_uscc: Nullable(Type.String()),
  chain_segment: Nullable(Type.String()),
  segment_id: Nullable(Uuid),
  stage: Stage,
  signed_on: Nullable(Type.String()),
  started_on: Nullable(Type.String()),
  producing_on: Nullable(Type.String()),
  full_on: Nullable(Type.String()),
  source_kind: StringEnum(['atlas', 'event', 'manual', 'import']),
  source_ref: Nullable(Type.String()),
  created_at: Time,
  updated_at: Time,
  version: Type.Integer(),
};
export const Project = Type.Object({ ...ProjectProps, abilities: Type.Array(Type.String()) });

const TimelineItem = Type.Object({
  kind: StringEnum(['create', 'stage', 'correct', 'edit', 'report']),
  at: Time,
  date: Nullable(Type.String()),
  fromStage: Nullable(Stage),
  toStage: Nullable(Stage),
  text: Nullable(Type.String()),
  who: Type.String(),
});

export const TaskProjectsReply = Type.Object({
  taskId: Uuid,
  projects: Type.Array(Type.Object({ ...ProjectProps, abilities: Type.Array(Type.String()), timeline: Type.Array(TimelineItem) })),
  abilities: Type.Array(Type.String()),
});

export const ProjectReportReply = Type.Object({ id: Uuid, projectId: Uuid, reportDate: Type.String(), stage: Stage, body: Type.String(), authorName: Type.String() });

const Total = Type.Object({ count: Type.Integer(), amount: Type.Number() });
export const PlanProjectsReply = Type.Object({
  plan: Type.Object({ id: Uuid, title: Type.String(), regionCode: Type.String() }),
  projects: Type.Array(Type.Object(ProjectProps)),
  totals: Type.Object({ all: Total, byStage: Type.Array(Type.Object({ stage: Stage, ...Total.properties })) }),
  canImport: Type.Boolean(),
});

export const ProjectImportReply = Type.Object({
  fileName: Type.String(),
  sheet: Type.String(),
  headerRow: Type.Integer(),
  planId: Uuid,
  projects: Type.Integer(),
  tasks: Type.Integer(),
  amount: Type.Number(),
  dryRun: Type.Boolean(),
});
