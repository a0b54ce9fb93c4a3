import { Type } from 'typebox';
import { StringEnum } from '../../lib/typebox.ts';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** Query of the results record: by unit or leader, a period (this year to today by default), one plan or all issued. */
export const ResultsQuery = Type.Object(
  {
    by: Type.Optional(StringEnum(['unit', 'leader'])),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    plan: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);

/** Query of the results record's workbook: the record's query and the language of the workbook. */
export const ResultsExportQuery = Type.Object({ ...ResultsQuery.properties, lang: Type.Optional(StringEnum(['zh-CN', 'en-US'])) }, { additionalProperties: false });

/** GET /api/tracking/results. */
export const ResultsReply = Type.Object({
  by: StringEnum(['unit', 'leader']),
  from: IsoDate,
  to: IsoDate,
  plans: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
  scope: StringEnum(['all', 'own']),
  rows: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      led: Type.Integer(),
      supported: Type.Integer(),
      dueInPeriod: Type.Integer(),
      closedOnTime: Type.Integer(),
      closedLate: Type.Integer(),
      overdue: Type.Integer(),
      onTimeRate: Type.Union([Type.Number(), Type.Null()]),
      deadlineChanges: Type.Integer(),
      projectsSigned: Type.Integer(),
      amountSigned: Type.Number(),
      projectsLanded: Type.Integer(),
      amountLanded: Type.Number(),
      escalations: Type.Integer(),
    }),
  ),
});
