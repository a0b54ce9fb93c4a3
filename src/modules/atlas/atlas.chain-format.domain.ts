import { Type, type Static } from 'typebox';
import { StringEnum } from '../../lib/typebox.ts';

/**
 * The chain exchange format (docs/atlas-chain-format.md): one JSON document per chain version, written by
 * `luoshi atlas chain export` and read by `luoshi atlas chain import`. docs/atlas-chain.schema.json is this schema as
 * JSON Schema (atlas.chain-format.test.ts keeps them equal). Fields the format does not define (a `meta` object, an
 * `x-…` field on a segment) are allowed and ignored, so another region's system may carry its own.
 */

export const CHAIN_FORMAT = 'luoshi-atlas-chain';

/**
 * The name an exported chain file is saved under: key, keeping region and version, so that a shared chain and a
 * region's adapted copy (which keeps the shared key), or two versions of one chain, never land on one file name.
 * @example chainFileName({ key: 'demo-nev', regionCode: '120000', version: 3 }, 'xlsx') // 'demo-nev-120000-v3.chain.xlsx'
 */
export function chainFileName(c: { key: string; regionCode: string; version: number }, format: 'json' | 'xlsx'): string {
  return `${c.key}-${c.regionCode}-v${c.version}.chain.${format}`;
}
export const CHAIN_FORMAT_VERSION = 1;

/** An id in the file: a chain's or a segment's, stable from one version to the next. */
const Key = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$', description: 'Letters, digits, dot, underscore, hyphen; 1–100 characters, starting with a letter or digit' });
const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });
const Texts = (description: string) => Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200, description });

export const STAGES = ['upstream', 'midstream', 'downstream'] as const;
/** 上游 / 中游 / 下游. */
export type Stage = (typeof STAGES)[number];
export const STAGE_NAMES: Record<Stage, { zh: string; en: string }> = {
  upstream: { zh: '上游', en: 'Upstream' },
  midstream: { zh: '中游', en: 'Midstream' },
  downstream: { zh: '下游', en: 'Downstream' },
};

export const SegmentSchema = Type.Object({
  id: Key,
  name: Text(200, 'Name in Chinese (环节名称)'),
  nameEn: Type.Optional(Text(200, 'Name in English')),
  parent: Type.Optional(Type.Union([Key, Type.Null()], { description: 'The id of the parent segment; absent or null for a top-level segment' })),
  stage: Type.Optional(StringEnum(STAGES)),
  industryCodes: Type.Optional(
    Type.Array(Type.String({ pattern: '^([A-T]|[0-9]{2,4})$' }), { maxItems: 50, description: 'GB/T 4754-2017 codes: a section letter (A–T), a division (2 digits), group (3) or class (4)' }),
  ),
  products: Type.Optional(Texts('Key products (关键产品)')),
  technologies: Type.Optional(Texts('Key technologies (关键技术)')),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const EdgeSchema = Type.Object({
  from: Key,
  to: Key,
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const SourceSchema = Type.Object({
  title: Text(500, 'What the source is'),
  url: Type.Optional(Type.String({ maxLength: 2000 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const ChainFileSchema = Type.Object(
  {
    format: Type.Literal(CHAIN_FORMAT),
    formatVersion: Type.Literal(CHAIN_FORMAT_VERSION),
    chain: Type.Object({
      id: Key,
      name: Text(200, 'Name in Chinese (产业链名称)'),
      nameEn: Type.Optional(Text(200, 'Name in English')),
      version: Type.Optional(Type.String({ maxLength: 50, description: "The publisher's label of this version, e.g. 2026.1" })),
      description: Type.Optional(Type.String({ maxLength: 4000 })),
      sources: Type.Optional(Type.Array(SourceSchema, { maxItems: 100 })),
    }),
    segments: Type.Array(SegmentSchema, { minItems: 1, maxItems: 20_000 }),
    edges: Type.Optional(Type.Array(EdgeSchema, { maxItems: 200_000 })),
  },
  {
    $id: 'https://luoshi.example/schemas/atlas-chain.schema.json',
    title: 'Luoshi industry chain (产业链图谱交换格式)',
    description: 'One version of an industry chain: a tree of segments by stage, and supply edges between segments. See docs/atlas-chain-format.md.',
  },
);

export type ChainFile = Static<typeof ChainFileSchema>;
export type ChainFileSegment = Static<typeof SegmentSchema>;
export type ChainFileEdge = Static<typeof EdgeSchema>;

/** The schema as written to docs/atlas-chain.schema.json. */
export function chainJsonSchema(): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...(JSON.parse(JSON.stringify(ChainFileSchema)) as Record<string, unknown>) };
}
