import { Type } from 'typebox';
import { StringEnum } from '../../lib/typebox.ts';
import { OPPORTUNITY_SORTS } from './complexity.opportunities.domain.ts';

const Column = Type.String({ minLength: 1, maxLength: 200 });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** POST /api/complexity/analyses: the CSV is the multipart body; what to do with it is in the query string. */
export const CreateQuery = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200, description: 'Display name; the file name when absent' })),
    loc: Type.String({ minLength: 1, maxLength: 200, description: 'Column of locations (regions, countries)' }),
    prod: Type.String({ minLength: 1, maxLength: 200, description: 'Column of products (industries, sections)' }),
    val: Type.String({ minLength: 1, maxLength: 200, description: 'Column of values (exports, output, employment)' }),
    time: Type.Optional(Type.String({ maxLength: 200, description: 'Column of periods; each period is computed on its own' })),
    pop: Type.Optional(Type.String({ maxLength: 200, description: 'Column of population: presence by RPOP instead of RCA' })),
    presence: Type.Optional(Type.String({ maxLength: 200, description: 'A 0/1 column giving presence directly' })),
    threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6, description: 'Presence where RCA (or RPOP) ≥ threshold; default 1' })),
    asymmetric: Type.Optional(Type.Boolean({ description: 'Proximity divided by the ubiquity of the first product only' })),
    continuous: Type.Optional(Type.Boolean({ description: 'Proximity from correlations of RCA, density weighted by RCA' })),
    wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 30_000, description: 'Milliseconds to wait for the result before answering 202' })),
  },
  { additionalProperties: false },
);

export const PeriodQuery = Type.Object({ period: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

export const LocationQuery = Type.Object({ period: Type.Optional(Type.String({ maxLength: 200 })), location: Column }, { additionalProperties: false });

export const SpaceQuery = Type.Object(
  { period: Type.Optional(Type.String({ maxLength: 200 })), location: Type.Optional(Column) },
  { additionalProperties: false },
);

export const OpportunitySortSchema = StringEnum(OPPORTUNITY_SORTS);

export const OpportunityQuery = Type.Object(
  {
    period: Type.Optional(Type.String({ maxLength: 200 })),
    location: Column,
    sort: Type.Optional(OpportunitySortSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    product: Type.Optional(Type.Array(Column, { maxItems: 1000, description: 'Only these products (repeat the parameter)' })),
  },
  { additionalProperties: false },
);
