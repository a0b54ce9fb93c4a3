import { StringEnum } from '../../lib/typebox.ts';
import { Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const PlanTypeSchema = StringEnum(['decision', 'opinion', 'plan', 'work_plan', 'task_list']);
export const PlanStatusSchema = StringEnum(['draft', 'consultation', 'adopted', 'issued']);
export const ReportCycleSchema = StringEnum(['monthly', 'quarterly', 'per_task']);
export const DecisionSchema = StringEnum(['pending', 'adopted', 'partly', 'rejected']);
export const IdParams = Type.Object({ id: Uuid });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** A node of the editable tree (recursive). */
export const TreeNode = Type.Cyclic(
  {
    Node: Type.Object(
      {
        key: Type.Optional(Uuid),
        kind: Type.String({ maxLength: 20 }),
        marker: Type.String({ maxLength: 40 }),
        heading: Type.String({ maxLength: 2000 }),
        text: Type.String({ maxLength: 100_000 }),
        ordinal: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
        sourceLine: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
        children: Type.Array(Type.Ref('Node'), { maxItems: 2000 }),
      },
      { additionalProperties: true },
    ),
  },
  'Node',
);

const LongText = Type.String({ maxLength: 100_000 });
// Null first: with the server's type coercion a string-first union would turn null into "".
const OrNull = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);
const ShortText = (maxLength: number) => OrNull(Type.String({ maxLength }));

/**
 * What was read around the tree, as the person corrected it on the import page: the document's own title, number,
 * issuer, date, preamble (导语) and closing (结尾). Fields the parser adds later pass through unchecked.
 */
export const PlanMetaBody = Type.Object(
  {
    title: Type.Optional(ShortText(2000)),
    embeddedTitle: Type.Optional(ShortText(2000)),
    docNumber: Type.Optional(ShortText(100)),
    issuer: Type.Optional(ShortText(200)),
    date: Type.Optional(OrNull(IsoDate)),
    dateText: Type.Optional(ShortText(2000)),
    addressee: Type.Optional(ShortText(2000)),
    preamble: Type.Optional(LongText),
    closing: Type.Optional(LongText),
    coveringNotice: Type.Optional(OrNull(LongText)),
  },
  { additionalProperties: true },
);

export const PlanCreateBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    planType: PlanTypeSchema,
    regionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    issuer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    docNumber: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    issuedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    issuedDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    reportCycle: Type.Optional(ReportCycleSchema),
    ownerUnitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    nodes: Type.Optional(Type.Array(TreeNode, { maxItems: 2000 })),
    meta: Type.Optional(PlanMetaBody),
    tables: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 200 })),
    sourceName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    sourceText: Type.Optional(Nullable(Type.String({ maxLength: 5_000_000 }))),
    parentPlanId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    parentNodeKey: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);

export const PlanScheduleBody = Type.Object(
  {
    issuedDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    reportCycle: Type.Optional(ReportCycleSchema),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const PlanPatchBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    planType: Type.Optional(PlanTypeSchema),
    issuer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    docNumber: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    issuedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    ownerUnitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const SaveVersionBody = Type.Object(
  {
    nodes: Type.Array(TreeNode, { maxItems: 2000 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    basedOn: Type.Integer({ minimum: 1 }),
    meta: Type.Optional(
      Type.Object({ preamble: Type.Optional(LongText), closing: Type.Optional(LongText) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export const DeriveBody = Type.Object(
  {
    nodeKey: Uuid,
    title: Type.String({ minLength: 1, maxLength: 300 }),
    ownerUnitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    planType: Type.Optional(PlanTypeSchema),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);

export const CommentBody = Type.Object({ nodeKey: Type.Union([Uuid, Type.Null()]), body: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });
export const DecideBody = Type.Object({ decision: DecisionSchema, reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false });
