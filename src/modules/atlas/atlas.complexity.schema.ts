import { Type } from 'typebox';
import { Uuid } from '../../lib/typebox.ts';
import { ATLAS_MEASURES, ATLAS_PRODUCT_KINDS, ATLAS_REGION_LEVELS } from './atlas.complexity.domain.ts';
import { TargetsCreated } from './atlas.analysis.schema.ts';

/** POST /api/atlas/complexity/analyses: which table to build from the atlas. */
export const AtlasAnalysisBody = Type.Object(
  {
    chainId: Uuid,
    by: Type.Unsafe<(typeof ATLAS_PRODUCT_KINDS)[number]>({ type: 'string', enum: [...ATLAS_PRODUCT_KINDS], description: 'Products: the chain’s segments, or the GB/T 4754 codes of its segments' }),
    measure: Type.Unsafe<(typeof ATLAS_MEASURES)[number]>({ type: 'string', enum: [...ATLAS_MEASURES], description: 'Enterprises linked, or their employees (the directory holds no revenue or output)' }),
    year: Type.Integer({ minimum: 1949, maximum: 2100, description: 'Enterprises founded by the end of this year (and those of unknown founding date)' }),
    confirmedOnly: Type.Optional(Type.Boolean({ description: 'Count confirmed links only (default: confirmed and uncertain)' })),
    regions: Type.Optional(Type.String({ maxLength: 500, description: 'Whose enterprises: 6-digit codes or jjj, yrd, gba, comma separated; default jjj' })),
    level: Type.Unsafe<(typeof ATLAS_REGION_LEVELS)[number]>({ type: 'string', enum: [...ATLAS_REGION_LEVELS], description: 'The table’s rows: provinces, prefecture-level cities (a municipality whole) or the districts enterprises are registered in' }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 30_000, description: 'Milliseconds to wait for the result before answering 202' })),
  },
  { additionalProperties: false },
);

/** POST /api/atlas/complexity/analyses/:id/targets: a region's chosen opportunities, and the plan their task goes in. */
export const OpportunityTargetsBody = Type.Object(
  {
    location: Type.String({ minLength: 1, maxLength: 200, description: 'The region (a row of the analysis)' }),
    products: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 50, description: 'Its chosen opportunities' }),
    planId: Uuid,
    title: Type.Optional(Type.String({ maxLength: 300 })),
    perProduct: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'Candidate enterprises per opportunity (default 3)' })),
  },
  { additionalProperties: false },
);

export const OpportunityTargetsCreated = Type.Object({
  ...TargetsCreated.properties,
  withoutCandidates: Type.Array(Type.String(), { description: 'Opportunities with no candidate enterprise elsewhere' }),
});
