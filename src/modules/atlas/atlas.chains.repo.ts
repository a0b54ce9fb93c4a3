import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { ChainDefinition } from './atlas.chain.domain.ts';
import type { ChainChanges } from './atlas.chain-diff.domain.ts';
import { adaptedFrom, type AdaptedFrom } from './atlas.chain-adapt.domain.ts';

type Handle = Db | Tx;

/** A chain as the list shows it. */
export interface ChainRow {
  id: string;
  region_code: string;
  key: string;
  name: string;
  name_en: string | null;
  current_version: number;
  updated_at: Date;
}

/** A region's chain by its key in the exchange format, or undefined. */
export async function findChainByKey(db: Handle, regionCode: string, key: string): Promise<ChainRow | undefined> {
  return db
    .selectFrom('atlas_chains')
    .select(['id', 'region_code', 'key', 'name', 'name_en', 'current_version', 'updated_at'])
    .where('region_code', '=', regionCode)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** A chain by id or by key (in any region; with a key, `regionCode` picks among regions keeping the same key). */
export async function findChain(db: Handle, ref: string, regionCode?: string): Promise<ChainRow[]> {
  let q = db.selectFrom('atlas_chains').select(['id', 'region_code', 'key', 'name', 'name_en', 'current_version', 'updated_at']);
  q = /^[0-9a-f-]{36}$/i.test(ref) ? q.where((eb) => eb.or([eb('id', '=', ref), eb('key', '=', ref)])) : q.where('key', '=', ref);
  if (regionCode) q = q.where('region_code', '=', regionCode);
  return q.orderBy('region_code').execute();
}

/** Every chain, by name. */
export async function listChains(db: Handle): Promise<(ChainRow & { segment_count: number; edge_count: number })[]> {
  return db
    .selectFrom('atlas_chains as c')
    .innerJoin('atlas_chain_versions as v', (j) => j.onRef('v.chain_id', '=', 'c.id').onRef('v.version', '=', 'c.current_version'))
    .select(['c.id', 'c.region_code', 'c.key', 'c.name', 'c.name_en', 'c.current_version', 'c.updated_at', 'v.segment_count', 'v.edge_count'])
    .orderBy('c.name')
    .execute();
}

/** A chain by id with its current version's id and sources (what a reading of the chain needs first), or undefined. */
export async function findChainWithCurrentVersion(db: Handle, id: string): Promise<(ChainRow & { version_id: string; sources: ChainDefinition['sources'] }) | undefined> {
  return db
    .selectFrom('atlas_chains as c')
    .innerJoin('atlas_chain_versions as v', (j) => j.onRef('v.chain_id', '=', 'c.id').onRef('v.version', '=', 'c.current_version'))
    .select(['c.id', 'c.region_code', 'c.key', 'c.name', 'c.name_en', 'c.current_version', 'c.updated_at', 'v.id as version_id', 'v.sources'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

/** The id of a chain's version, or undefined. */
export async function findVersionId(db: Handle, chainId: string, version: number): Promise<string | undefined> {
  const row = await db.selectFrom('atlas_chain_versions').select('id').where('chain_id', '=', chainId).where('version', '=', version).executeTakeFirst();
  return row?.id;
}

/** One stored version of a chain, as a definition (segments and edges in the order they were imported). */
export async function loadChainVersion(db: Handle, versionId: string): Promise<ChainDefinition & { version: number; chainId: string }> {
  const [v, segments, edges] = await Promise.all([
    db
      .selectFrom('atlas_chain_versions as v')
      .innerJoin('atlas_chains as c', 'c.id', 'v.chain_id')
      .select(['v.chain_id', 'v.version', 'v.name', 'v.name_en', 'v.label', 'v.description', 'v.sources', 'c.key'])
      .where('v.id', '=', versionId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('atlas_segments as s')
      .leftJoin('atlas_segments as p', 'p.id', 's.parent_id')
      .select(['s.key', 'p.key as parent', 's.stage', 's.name', 's.name_en', 's.description', 's.industry_codes', 's.products', 's.technologies'])
      .where('s.version_id', '=', versionId)
      .orderBy('s.position')
      .execute(),
    db
      .selectFrom('atlas_segment_edges as e')
      .innerJoin('atlas_segments as f', 'f.id', 'e.from_id')
      .innerJoin('atlas_segments as t', 't.id', 'e.to_id')
      .select(['f.key as from', 't.key as to', 'e.note'])
      .where('e.version_id', '=', versionId)
      .orderBy('e.position')
      .execute(),
  ]);
  return {
    chainId: v.chain_id,
    version: v.version,
    key: v.key,
    name: v.name,
    nameEn: v.name_en,
    label: v.label,
    description: v.description,
    sources: v.sources.map((s) => ({ title: s.title, ...(s.url ? { url: s.url } : {}), ...(s.note ? { note: s.note } : {}) })),
    segments: segments.map((s) => ({
      key: s.key,
      parent: s.parent,
      stage: s.stage,
      name: s.name,
      nameEn: s.name_en,
      description: s.description,
      industryCodes: s.industry_codes,
      products: s.products,
      technologies: s.technologies,
    })),
    edges: edges.map((e) => ({ from: e.from, to: e.to, note: e.note })),
  };
}

/** Creates a chain (its first version is written next), returning its id. */
export async function insertChain(trx: Tx, row: { region_code: string; key: string; name: string; name_en: string | null }): Promise<string> {
  const r = await trx.insertInto('atlas_chains').values({ ...row, current_version: 1 }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Writes one version of a chain: the version row, its segments (parents first, ids made here so a child names its
 * parent in the same statement) and its edges; and makes it the chain's current version.
 */
export async function insertChainVersion(
  trx: Tx,
  chainId: string,
  version: number,
  chain: ChainDefinition,
  meta: { changes: ChainChanges | null; importedBy: string | null },
): Promise<string> {
  const v = await trx
    .insertInto('atlas_chain_versions')
    .values({
      chain_id: chainId,
      version,
      name: chain.name,
      name_en: chain.nameEn,
      description: chain.description,
      label: chain.label,
      sources: JSON.stringify(chain.sources),
      changes: meta.changes ? JSON.stringify(meta.changes) : null,
      segment_count: chain.segments.length,
      edge_count: chain.edges.length,
      imported_by: meta.importedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids = new Map(chain.segments.map((s) => [s.key, crypto.randomUUID()]));
  // One statement per table whatever the size: the segments as one JSON parameter, the edges as four arrays.
  const segments = chain.segments.map((s, position) => ({
    id: ids.get(s.key)!,
    key: s.key,
    parent_id: s.parent ? ids.get(s.parent)! : null,
    stage: s.stage,
    name: s.name,
    name_en: s.nameEn,
    description: s.description,
    industry_codes: s.industryCodes,
    products: s.products,
    technologies: s.technologies,
    position,
  }));
  await sql`insert into atlas_segments (id, version_id, key, parent_id, stage, name, name_en, description, industry_codes, products, technologies, position)
    select r.id, ${v.id}::uuid, r.key, r.parent_id, r.stage, r.name, r.name_en, r.description, r.industry_codes, r.products, r.technologies, r.position
    from jsonb_to_recordset(${JSON.stringify(segments)}::jsonb) as r(id uuid, key text, parent_id uuid, stage text, name text, name_en text,
      description text, industry_codes text[], products text[], technologies text[], position integer)`.execute(trx);
  if (chain.edges.length) {
    await sql`insert into atlas_segment_edges (version_id, from_id, to_id, note, position)
      select ${v.id}::uuid, e.from_id, e.to_id, e.note, e.position
      from unnest(${chain.edges.map((e) => ids.get(e.from)!)}::uuid[], ${chain.edges.map((e) => ids.get(e.to)!)}::uuid[],
        ${chain.edges.map((e) => e.note)}::text[], ${chain.edges.map((_, i) => i)}::integer[]) as e(from_id, to_id, note, position)`.execute(trx);
  }
  await trx
    .updateTable('atlas_chains')
    .set({ current_version: version, name: chain.name, name_en: chain.nameEn, updated_at: new Date() })
    .where('id', '=', chainId)
    .execute();
  return v.id;
}

/** Rows of the atlas for `luoshi status` (one count over every region, as the other modules' counts). */
export async function countAtlasRows(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`select (select count(*) from atlas_chains)::int as atlas_chains,
    (select count(*) from atlas_enterprises)::int as atlas_enterprises`.execute(db);
  return { ...rows[0] };
}

/** A chain by id, its row locked until the transaction ends (editors of one chain take turns), or undefined. */
export async function lockChain(trx: Tx, id: string): Promise<ChainRow | undefined> {
  return trx
    .selectFrom('atlas_chains')
    .select(['id', 'region_code', 'key', 'name', 'name_en', 'current_version', 'updated_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Enterprises linked (confirmed or uncertain: rejected links count nowhere) to each of these segments of a chain, in
 * every region or in `regions` only.
 */
export async function countSegmentLinks(db: Handle, chainId: string, keys: readonly string[], regions: readonly string[] | null = null): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  let q = db
    .selectFrom('atlas_enterprise_segments')
    .select(['segment_key', (eb) => eb.fn.countAll<string>().as('n')])
    .where('chain_id', '=', chainId)
    .where('segment_key', 'in', keys)
    .where('decision', '!=', 'rejected');
  if (regions) q = q.where('region_code', 'in', regions.length ? [...regions] : ['']);
  const rows = await q.groupBy('segment_key').execute();
  return new Map(rows.map((r) => [r.segment_key, Number(r.n)]));
}

/** 招商 targets (every region, every status; how many of them have a ledger project) and 卡点 marks on each of these segments. */
export async function countSegmentReferences(db: Handle, chainId: string, keys: readonly string[]): Promise<Map<string, { targets: number; projects: number; chokepoints: number }>> {
  const out = new Map<string, { targets: number; projects: number; chokepoints: number }>();
  if (keys.length === 0) return out;
  const at = (key: string) => out.get(key) ?? out.set(key, { targets: 0, projects: 0, chokepoints: 0 }).get(key)!;
  const [targets, marks] = await Promise.all([
    db
      .selectFrom('atlas_targets')
      .select(['segment_key', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.count<string>('project_id').as('projects')])
      .where('chain_id', '=', chainId)
      .where('segment_key', 'in', keys)
      .groupBy('segment_key')
      .execute(),
    db
      .selectFrom('atlas_chokepoints')
      .select(['segment_key', (eb) => eb.fn.countAll<string>().as('n')])
      .where('chain_id', '=', chainId)
      .where('segment_key', 'in', keys)
      .groupBy('segment_key')
      .execute(),
  ]);
  for (const r of targets) Object.assign(at(r.segment_key), { targets: Number(r.n), projects: Number(r.projects) });
  for (const r of marks) at(r.segment_key).chokepoints = Number(r.n);
  return out;
}

/** The shared chain a chain adapts (from its current version's sources), when that shared chain exists here; else null. */
export async function findAdaptedFrom(db: Handle, chain: Pick<ChainRow, 'id' | 'region_code' | 'current_version'>): Promise<(AdaptedFrom & { shared: ChainRow }) | null> {
  if (chain.region_code === '000000') return null;
  const row = await db.selectFrom('atlas_chain_versions').select('sources').where('chain_id', '=', chain.id).where('version', '=', chain.current_version).executeTakeFirst();
  const from = row ? adaptedFrom(row.sources) : null;
  if (!from) return null;
  const shared = await db
    .selectFrom('atlas_chains')
    .select(['id', 'region_code', 'key', 'name', 'name_en', 'current_version', 'updated_at'])
    .where('id', '=', from.chainId)
    .where('region_code', '=', '000000')
    .executeTakeFirst();
  return shared ? { ...from, shared } : null;
}

/**
 * The chain whose enterprise links, 招商 targets and 卡点 marks a chain counts: for a region's adaptation of a shared
 * chain, the shared chain's (the adaptation keeps its segment ids, so the links made against the shared definition
 * count in the region's own map); for any other chain, its own.
 */
export async function dataChainId(db: Handle, chain: Pick<ChainRow, 'id' | 'region_code' | 'current_version'>): Promise<string> {
  return (await findAdaptedFrom(db, chain))?.chainId ?? chain.id;
}

/**
 * The regions' chains that may adapt a shared chain (same key, another region's): the chains whose counts read its
 * links. A shared chain's own key only; a region's chain is adapted by none.
 */
export async function adaptationIds(db: Handle, chain: Pick<ChainRow, 'id' | 'region_code' | 'key'>): Promise<string[]> {
  return (await adaptationChains(db, chain)).map((r) => r.id);
}

/** adaptationIds with each copy's region. */
export async function adaptationChains(db: Handle, chain: Pick<ChainRow, 'id' | 'region_code' | 'key'>): Promise<{ id: string; region_code: string }[]> {
  if (chain.region_code !== '000000') return [];
  return db.selectFrom('atlas_chains').select(['id', 'region_code']).where('key', '=', chain.key).where('region_code', '<>', '000000').orderBy('region_code', 'desc').execute();
}
