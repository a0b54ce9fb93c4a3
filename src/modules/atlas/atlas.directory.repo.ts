import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { Evidence, LinkDecision, SizeBand } from './atlas.tables.ts';

type Handle = Db | Tx;

/** A region and every region under it (districts of a city, cities of a province, zones), by the regions tree. */
export async function regionWithDescendants(db: Handle, code: string): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`with recursive t(code) as (
      select code from regions where code = ${code}
      union all select r.code from regions r join t on r.parent_code = t.code)
    select code from t`.execute(db);
  return rows.map((r) => r.code);
}

/** What the enterprise list filters by; `regions` already holds the descendants. */
export interface EnterpriseFilter {
  tokens: string[];
  regions: string[] | null;
  tag: string | null;
  chainId: string | null;
  segmentKeys: string[] | null;
  /** The start of a USCC (6 to 18 of its characters): the enterprises whose code begins so, in code order. */
  usccPrefix?: string | null;
}

export interface EnterpriseRow {
  id: string;
  region_code: string;
  region_name: string | null;
  uscc: string | null;
  name: string;
  address: string | null;
  size_band: SizeBand | null;
  employees: number | null;
  tags: string[];
  main_products: string[];
  founded_on: string | Date | null;
  updated_at: Date;
}

/** The search tokens a query can ask for (src/lib/search-tokens.ts queryTokens), as kept in atlas_enterprise_terms. */
export const SEARCHABLE_TERM = `(char_length(t.term) <= 2 or t.term ~ '^[a-z0-9]+$')`;

/** Writes the search terms of these enterprises (written without the bulk path: the demo, the tests' fixtures). */
export async function indexEnterpriseTerms(db: Handle, keys: { region_code: string; id: string }[]): Promise<void> {
  if (!keys.length) return;
  await sql`insert into atlas_enterprise_terms (region_code, enterprise_id, term, name_pinyin)
    select distinct e.region_code, e.id, t.term, e.name_pinyin
    from atlas_enterprises e join jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(region_code text, id uuid) on e.region_code = k.region_code and e.id = k.id
    cross join lateral unnest(e.search_tokens) as t(term)
    where ${sql.raw(SEARCHABLE_TERM)}`.execute(db);
}

function filtered(db: Handle, f: EnterpriseFilter) {
  let q = db.selectFrom('atlas_enterprises as e');
  if (f.tokens.length) q = q.where(sql<boolean>`e.search_tokens @> ${sql.val(f.tokens)}::text[]`);
  if (f.regions) q = q.where('e.region_code', 'in', f.regions.length ? f.regions : ['-']);
  if (f.tag) q = q.where(hasTag(f.tag));
  if (f.chainId) q = q.where(linkedTo(f.chainId, f.segmentKeys));
  return q;
}

/** Enterprise `e` carries the tag. */
const hasTag = (tag: string) => sql<boolean>`e.tags @> array[${tag}]::text[]`;

/** Enterprise `e` is linked to the chain (to one of `segmentKeys`, when given), by a link not rejected. */
function linkedTo(chainId: string, segmentKeys: string[] | null) {
  const segments = segmentKeys === null ? sql`` : sql` and l.segment_key in (${sql.join(segmentKeys.length ? segmentKeys : ['-'])})`;
  return sql<boolean>`exists (select 1 from atlas_enterprise_segments l where l.region_code = e.region_code and l.enterprise_id = e.id
    and l.chain_id = ${chainId} and l.decision <> 'rejected'${segments})`;
}

const ENTERPRISE_COLUMNS = ['e.id', 'e.region_code', 'r.name as region_name', 'e.uscc', 'e.name', 'e.address', 'e.size_band', 'e.employees', 'e.tags', 'e.main_products', 'e.founded_on', 'e.updated_at'] as const;

/**
 * One page of the enterprise directory in pinyin order (name_pinyin, then region and id), and how many match,
 * counted up to `countCap`. Without a query the pinyin index does the sorting, however many rows match. With one,
 * the rows of its rarest term (atlas_enterprise_terms, already in pinyin order) are walked and the enterprises
 * holding the other terms and passing the filters kept: a frequent term (天津, 芯片) gives its first page after a
 * few hundred index entries, and a rare one has few entries to walk. With one term and no filter but regions, the
 * page is taken from the terms' index alone (an index-only scan, a limit) and only its rows are read.
 */
export async function searchEnterpriseRows(db: Handle, f: EnterpriseFilter, page: { offset: number; limit: number; countCap: number }): Promise<{ rows: EnterpriseRow[]; total: number }> {
  if (f.usccPrefix) return searchByUscc(db, f.usccPrefix, f, page);
  if (f.tokens.length) return searchByTerm(db, f, page);
  const [rows, count] = await Promise.all([
    filtered(db, f)
      .leftJoin('regions as r', 'r.code', 'e.region_code')
      .select([...ENTERPRISE_COLUMNS])
      .orderBy(sql`e.name_pinyin asc nulls last`)
      .orderBy('e.region_code')
      .orderBy('e.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom(filtered(db, f).select(sql`1`.as('one')).limit(page.countCap).as('m'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as EnterpriseRow[], total: Number(count.n) };
}

/**
 * The enterprises whose USCC starts with `prefix`, in code order, through the codes' index (a range: the codes are
 * upper-case letters and digits, which every collation orders alike, and no code holds a letter after Y).
 */
async function searchByUscc(db: Handle, prefix: string, f: EnterpriseFilter, page: { offset: number; limit: number; countCap: number }): Promise<{ rows: EnterpriseRow[]; total: number }> {
  const upper = prefix + 'Z'.repeat(18 - prefix.length);
  const base = () => filtered(db, { ...f, tokens: [] }).where('e.uscc', '>=', prefix).where('e.uscc', '<=', upper);
  const [rows, count] = await Promise.all([
    base().leftJoin('regions as r', 'r.code', 'e.region_code').select([...ENTERPRISE_COLUMNS]).orderBy('e.uscc').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom(base().select(sql`1`.as('one')).limit(page.countCap).as('m')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as EnterpriseRow[], total: Number(count.n) };
}

/** How many enterprises hold a term, counted up to `cap` from the terms' index alone. */
async function termCount(db: Handle, term: string, cap: number): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from (select 1 from atlas_enterprise_terms t where t.term = ${term} limit ${cap}) m`.execute(db);
  return Number(rows[0]!.n);
}

async function searchByTerm(db: Handle, f: EnterpriseFilter, page: { offset: number; limit: number; countCap: number }): Promise<{ rows: EnterpriseRow[]; total: number }> {
  let driver = f.tokens[0]!;
  if (f.tokens.length > 1) {
    const counts = await Promise.all(f.tokens.map((t) => termCount(db, t, page.countCap)));
    driver = f.tokens[counts.indexOf(Math.min(...counts))]!;
  }
  const others = f.tokens.filter((t) => t !== driver);
  // Only the driving term: the count needs the terms' index alone.
  const plain = !others.length && !f.regions && !f.tag && !f.chainId;
  const matches = () => {
    let j = db
      .selectFrom('atlas_enterprise_terms as t')
      .where('t.term', '=', driver)
      .innerJoin('atlas_enterprises as e', (on) => on.onRef('e.region_code', '=', 't.region_code').onRef('e.id', '=', 't.enterprise_id'));
    if (f.regions) j = j.where('t.region_code', 'in', f.regions.length ? f.regions : ['-']);
    if (others.length) j = j.where(sql<boolean>`e.search_tokens @> ${sql.val(others)}::text[]`);
    if (f.tag) j = j.where(hasTag(f.tag));
    if (f.chainId) j = j.where(linkedTo(f.chainId, f.segmentKeys));
    return j;
  };
  if (!others.length && !f.tag && !f.chainId) {
    // The page is the term's index entries alone (in pinyin order, a region filter in the index too); then its rows.
    let keys = db.selectFrom('atlas_enterprise_terms as t').select(['t.region_code', 't.enterprise_id']).where('t.term', '=', driver);
    if (f.regions) keys = keys.where('t.region_code', 'in', f.regions.length ? f.regions : ['-']);
    // The page's keys (a limited scan of the terms' index) joined to their rows in the same statement: one
    // primary-key lookup per row, and no second round trip with a fifty-way OR to plan.
    const keyed = keys.select('t.name_pinyin').orderBy(sql`t.name_pinyin asc nulls last`).orderBy('t.region_code').orderBy('t.enterprise_id').limit(page.limit).offset(page.offset);
    const [rows, total] = await Promise.all([
      db
        .selectFrom(keyed.as('k'))
        .innerJoin('atlas_enterprises as e', (on) => on.onRef('e.region_code', '=', 'k.region_code').onRef('e.id', '=', 'k.enterprise_id'))
        .leftJoin('regions as r', 'r.code', 'e.region_code')
        .select([...ENTERPRISE_COLUMNS])
        .orderBy(sql`k.name_pinyin asc nulls last`)
        .orderBy('k.region_code')
        .orderBy('k.enterprise_id')
        .execute(),
      plain
        ? termCount(db, driver, page.countCap)
        : db
            .selectFrom(keys.limit(page.countCap).as('m'))
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
            .then((c) => Number(c.n)),
    ]);
    return { rows: rows as EnterpriseRow[], total };
  }
  const [rows, count] = await Promise.all([
    matches()
      .leftJoin('regions as r', 'r.code', 'e.region_code')
      .select([...ENTERPRISE_COLUMNS])
      .orderBy(sql`t.name_pinyin asc nulls last`)
      .orderBy('t.region_code')
      .orderBy('t.enterprise_id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    plain
      ? termCount(db, driver, page.countCap)
      : db
          .selectFrom(matches().select(sql`1`.as('one')).limit(page.countCap).as('m'))
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
          .then((c) => Number(c.n)),
  ]);
  return { rows: rows as EnterpriseRow[], total: count };
}

export async function findEnterprise(db: Handle, regionCode: string, id: string): Promise<EnterpriseRow | undefined> {
  return (await db
    .selectFrom('atlas_enterprises as e')
    .leftJoin('regions as r', 'r.code', 'e.region_code')
    .select(['e.id', 'e.region_code', 'r.name as region_name', 'e.uscc', 'e.name', 'e.address', 'e.size_band', 'e.employees', 'e.tags', 'e.main_products', 'e.founded_on', 'e.updated_at'])
    .where('e.region_code', '=', regionCode)
    .where('e.id', '=', id)
    .executeTakeFirst()) as EnterpriseRow | undefined;
}

export interface LinkRow {
  region_code: string;
  enterprise_id: string;
  chain_id: string;
  segment_key: string;
  evidence: Evidence;
  source: string;
  as_of: string | Date;
  decision: LinkDecision;
  note: string | null;
  decided_by_name: string | null;
  updated_at: Date;
}

/** An enterprise's links, or one of them. */
export async function enterpriseLinks(db: Handle, regionCode: string, enterpriseId: string, one?: { chainId: string; segmentKey: string }): Promise<LinkRow[]> {
  let q = db
    .selectFrom('atlas_enterprise_segments as l')
    .leftJoin('users as u', 'u.id', 'l.decided_by')
    .select(['l.region_code', 'l.enterprise_id', 'l.chain_id', 'l.segment_key', 'l.evidence', 'l.source', 'l.as_of', 'l.decision', 'l.note', 'u.display_name as decided_by_name', 'l.updated_at'])
    .where('l.region_code', '=', regionCode)
    .where('l.enterprise_id', '=', enterpriseId);
  if (one) q = q.where('l.chain_id', '=', one.chainId).where('l.segment_key', '=', one.segmentKey);
  return (await q.orderBy('l.chain_id').orderBy('l.segment_key').execute()) as LinkRow[];
}

export async function updateLinkDecision(trx: Tx, key: { regionCode: string; enterpriseId: string; chainId: string; segmentKey: string }, set: { decision: LinkDecision; note: string | null; decidedBy: string | null }): Promise<number> {
  const r = await trx
    .updateTable('atlas_enterprise_segments')
    .set({ decision: set.decision, note: set.note, decided_by: set.decidedBy, updated_at: new Date() })
    .where('region_code', '=', key.regionCode)
    .where('enterprise_id', '=', key.enterpriseId)
    .where('chain_id', '=', key.chainId)
    .where('segment_key', '=', key.segmentKey)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const SEGMENT_LINK_COLUMNS = ['e.id', 'e.region_code', 'r.name as region_name', 'e.uscc', 'e.name', 'e.tags', 'e.main_products', 'l.segment_key', 'l.evidence', 'l.source', 'l.as_of', 'l.decision', 'l.note'] as const;

/** A link of a segment's list (its columns as {@link LinkRow} has them) with its enterprise (see {@link segmentEnterpriseRows}). */
export interface SegmentLinkRow extends Pick<LinkRow, 'region_code' | 'segment_key' | 'evidence' | 'source' | 'as_of' | 'decision' | 'note'> {
  id: string;
  region_name: string | null;
  uscc: string | null;
  name: string;
  tags: string[];
  main_products: string[];
}

/** The order of a segment's enterprises: confirmed links first, then uncertain, then rejected. */
const DECISION_TIERS: LinkDecision[] = ['confirmed', 'uncertain', 'rejected'];

/**
 * The links of some segments of a chain (a segment and its sub-segments) with their enterprises, in `regions`:
 * confirmed first, then uncertain, then rejected, each in pinyin order (then region, id and, for an enterprise linked to
 * several of the segments, segment key), at most `limit`.
 *
 * A tier is read one of two ways, with the same answer. By default its links are joined to their enterprises and
 * sorted: the work grows with the tier's links, which is right for a segment with a few thousand. A tier named in
 * `walk` (the caller knows from the map's counts that it holds many enterprises) is read the other way round: the
 * directory in pinyin order (its index), each enterprise's links looked up by primary key, until the page is full.
 * With a tier of c enterprises among N, that reads about limit × N / c enterprises: for a whole stage of a chain at a
 * million enterprises (113,000 confirmed of 446,000 links) 16–64 ms instead of 1.4–1.7 s of sorting every link.
 */
export async function segmentEnterpriseRows(db: Handle, chainId: string, segmentKeys: string[], regions: string[] | null, limit: number, walk: LinkDecision[] = []): Promise<SegmentLinkRow[]> {
  const keys = segmentKeys.length ? segmentKeys : ['-'];
  const inRegions = regions ? (regions.length ? regions : ['-']) : null;
  // The links of some tiers joined to their enterprises and sorted. The tier comes first in the order even when one is
  // asked for: an order the pinyin index could give would let the planner walk it for a small tier (0.7 s for a group
  // of segments with 6,500 confirmed enterprises at a million, against 0.3 s sorted).
  const sorted = (decisions: LinkDecision[] | null, n: number) => {
    let q = db
      .selectFrom('atlas_enterprise_segments as l')
      .innerJoin('atlas_enterprises as e', (j) => j.onRef('e.region_code', '=', 'l.region_code').onRef('e.id', '=', 'l.enterprise_id'))
      .leftJoin('regions as r', 'r.code', 'e.region_code')
      .select([...SEGMENT_LINK_COLUMNS])
      .where('l.chain_id', '=', chainId)
      .where('l.segment_key', 'in', keys);
    if (decisions) q = q.where('l.decision', 'in', decisions);
    if (inRegions) q = q.where('l.region_code', 'in', inRegions);
    return q
      .orderBy(sql`case l.decision when 'confirmed' then 0 when 'uncertain' then 1 else 2 end`)
      .orderBy(sql`e.name_pinyin asc nulls last`)
      .orderBy('e.region_code')
      .orderBy('e.id')
      .orderBy('l.segment_key')
      .limit(n)
      .execute();
  };
  // One tier's links found from the directory read in pinyin order (its index), each enterprise's links by primary key.
  const walked = (decision: LinkDecision, n: number) => {
    let q = db
      .selectFrom('atlas_enterprises as e')
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('atlas_enterprise_segments as l')
            .selectAll('l')
            .whereRef('l.region_code', '=', 'e.region_code')
            .whereRef('l.enterprise_id', '=', 'e.id')
            .where('l.chain_id', '=', chainId)
            .where('l.segment_key', 'in', keys)
            .where('l.decision', '=', decision)
            .as('l'),
        (join) => join.onTrue(),
      )
      .leftJoin('regions as r', 'r.code', 'e.region_code')
      .select([...SEGMENT_LINK_COLUMNS]);
    if (inRegions) q = q.where('e.region_code', 'in', inRegions);
    return q.orderBy(sql`e.name_pinyin asc nulls last`).orderBy('e.region_code').orderBy('e.id').orderBy('l.segment_key').limit(n).execute();
  };
  if (walk.length === 0) return sorted(null, limit);
  const out: SegmentLinkRow[] = [];
  for (const decision of DECISION_TIERS) {
    const left = limit - out.length;
    if (left <= 0) break;
    out.push(...(await (walk.includes(decision) ? walked(decision, left) : sorted([decision], left))));
  }
  return out;
}

/** Enterprises whose pinyin key is not filled yet (imported before migration 0017), a batch at a time. */
export async function unkeyedEnterprises(db: Handle, limit: number) {
  return db.selectFrom('atlas_enterprises').select(['region_code', 'id', 'name']).where('name_pinyin', 'is', null).limit(limit).execute();
}

export async function setPinyinKeys(db: Handle, rows: { region_code: string; id: string; key: string }[]) {
  if (!rows.length) return;
  await sql`update atlas_enterprises e set name_pinyin = r.key
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(region_code text, id uuid, key text)
    where e.region_code = r.region_code and e.id = r.id`.execute(db);
  await sql`update atlas_enterprise_terms t set name_pinyin = r.key
    from atlas_enterprises e join jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(region_code text, id uuid, key text) on e.region_code = r.region_code and e.id = r.id
    where t.region_code = e.region_code and t.term = any(e.search_tokens collate "C") and t.name_pinyin is null and t.enterprise_id = e.id`.execute(db);
}

/** Adds a link (a person's own finding); false when the enterprise already has one to that segment. */
export async function insertLink(trx: Tx, row: { region_code: string; enterprise_id: string; chain_id: string; segment_key: string; evidence: Evidence; source: string; as_of: string; decision: LinkDecision; note: string | null; decided_by: string | null }): Promise<boolean> {
  const r = await trx.insertInto('atlas_enterprise_segments').values({ ...row, updated_at: new Date() }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}
