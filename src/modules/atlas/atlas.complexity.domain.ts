/**
 * The atlas as a table for the complexity engine (issue 8): the enterprises of a chain counted by region × product,
 * where a product is a chain segment or a GB/T 4754 code and a region is a province, a prefecture-level city (a
 * municipality counts whole) or the district an enterprise is registered in; and the words a 招商 target carries
 * when it comes from an analysis's opportunity.
 */

/** What a table counts per region × product: distinct enterprises, or their employees (unknown counts 0). */
export type AtlasMeasure = 'count' | 'employees';
/** What a product of the table is: a segment of the chain, or a GB/T 4754 code of its segments. */
export type AtlasProductKind = 'segment' | 'industry';
/** Which regions are the table's rows. */
export type AtlasRegionLevel = 'province' | 'prefecture' | 'county';

export const ATLAS_MEASURES: readonly AtlasMeasure[] = ['count', 'employees'];
export const ATLAS_PRODUCT_KINDS: readonly AtlasProductKind[] = ['segment', 'industry'];
export const ATLAS_REGION_LEVELS: readonly AtlasRegionLevel[] = ['province', 'prefecture', 'county'];

export const MEASURE_NAMES: Record<AtlasMeasure, { zh: string; en: string }> = {
  count: { zh: '企业数', en: 'enterprises' },
  employees: { zh: '从业人数', en: 'employees' },
};
export const PRODUCT_KIND_NAMES: Record<AtlasProductKind, { zh: string; en: string }> = {
  segment: { zh: '按环节', en: 'by segment' },
  industry: { zh: '按国民经济行业代码', en: 'by GB/T 4754 code' },
};
export const LEVEL_NAMES: Record<AtlasRegionLevel, { zh: string; en: string }> = {
  province: { zh: '省级', en: 'provinces' },
  prefecture: { zh: '地市级', en: 'prefecture-level cities' },
  county: { zh: '区县级', en: 'districts and counties' },
};

/** A region as the regions table holds it, with its level. */
export interface LevelledRegion {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county' | 'zone';
  parent_code: string | null;
}

/**
 * The region of the table's row that an enterprise registered in `code` falls in, at `level`: its province; its
 * prefecture-level city (a municipality's district counts under the municipality, a zone directly under a province —
 * 雄安新区 — as its own city); or the code itself. A code not in the table is its own row.
 * @example rowRegion('120116', 'prefecture', regions) // '120000'
 */
export function rowRegion(code: string, level: AtlasRegionLevel, regions: ReadonlyMap<string, LevelledRegion>): string {
  if (level === 'county') return code;
  const path: LevelledRegion[] = [];
  for (let r = regions.get(code), guard = 0; r && guard < 10; r = r.parent_code ? regions.get(r.parent_code) : undefined, guard++) path.unshift(r);
  if (path.length === 0) return code;
  const province = path[0]!;
  if (level === 'province' || path.length === 1) return province.code;
  const below = path[1]!;
  return below.level === 'county' ? province.code : below.code;
}

/** One counted link: an enterprise (its region and employees) linked to a segment. */
export interface AtlasLink {
  enterpriseId: string;
  regionCode: string;
  segmentKey: string;
  employees: number | null;
  /** Its founding date (YYYY-MM-DD), or null when the directory does not know it. */
  foundedOn: string | null;
}

/** A segment of the chain's current version, as the table needs it. */
export interface TableSegment {
  key: string;
  name: string;
  industryCodes: string[];
}

/** The table built: value per region × product, the products' keys, and how many enterprises it counts. */
export interface AtlasTable {
  /** region code → product → value. */
  cells: Map<string, Map<string, number>>;
  /** product → segment key (by segment) or GB/T 4754 code (by industry). */
  products: Record<string, string>;
  /** Distinct enterprises counted, and those without a founding date among them. */
  enterprises: number;
  undated: number;
}

/**
 * Builds the region × product table from a chain's links. An enterprise counts once per row and product whatever
 * the number of its links there (by industry, once per code of the segments it is linked to, so a segment with two
 * codes counts under both). A segment is a product under its name (its key beside it when two share a name).
 * @example buildAtlasTable(links, segments, { by: 'segment', measure: 'count', rowOf: (c) => rowRegion(c, 'prefecture', regions) })
 */
export function buildAtlasTable(links: readonly AtlasLink[], segments: readonly TableSegment[], opts: { by: AtlasProductKind; measure: AtlasMeasure; rowOf: (code: string) => string }): AtlasTable {
  const bySegment = new Map(segments.map((s) => [s.key, s]));
  const nameCount = new Map<string, number>();
  for (const s of segments) nameCount.set(s.name, (nameCount.get(s.name) ?? 0) + 1);
  const segmentProduct = (s: TableSegment) => (nameCount.get(s.name)! > 1 ? `${s.name}（${s.key}）` : s.name);
  const products: Record<string, string> = {};
  const counted = new Set<string>();
  const enterprises = new Set<string>();
  let undated = 0;
  const cells = new Map<string, Map<string, number>>();
  for (const l of links) {
    const s = bySegment.get(l.segmentKey);
    if (!s) continue;
    const keys = opts.by === 'segment' ? [[segmentProduct(s), s.key] as const] : s.industryCodes.map((c) => [c, c] as const);
    const row = opts.rowOf(l.regionCode);
    for (const [product, key] of keys) {
      const id = `${row}\u0000${product}\u0000${l.enterpriseId}`;
      if (counted.has(id)) continue;
      counted.add(id);
      products[product] = key;
      const value = opts.measure === 'count' ? 1 : Math.max(0, l.employees ?? 0);
      const line = cells.get(row) ?? new Map<string, number>();
      line.set(product, (line.get(product) ?? 0) + value);
      cells.set(row, line);
      if (!enterprises.has(l.enterpriseId)) {
        enterprises.add(l.enterpriseId);
        if (!l.foundedOn) undated++;
      }
    }
  }
  return { cells, products, enterprises: enterprises.size, undated };
}

/** The regions and products of a table that have some value (a zero row or column tells the engine nothing). */
export function tableExtent(table: AtlasTable): { regions: string[]; products: string[] } {
  const regions = new Set<string>();
  const products = new Set<string>();
  for (const [row, line] of table.cells) {
    for (const [product, value] of line) {
      if (value > 0) {
        regions.add(row);
        products.add(product);
      }
    }
  }
  return { regions: [...regions], products: [...products] };
}

const csvField = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@\t\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The table as the complexity engine reads an upload: region, its name, product, value (zeros written out). */
export function tableCsv(table: AtlasTable, names: ReadonlyMap<string, string>): string {
  const { regions, products } = tableExtent(table);
  const lines = ['region,region_name,product,value'];
  for (const row of regions) {
    const line = table.cells.get(row)!;
    for (const product of products) lines.push([row, csvField(names.get(row) ?? row), csvField(product), String(line.get(product) ?? 0)].join(','));
  }
  return lines.join('\n') + '\n';
}

const fixed = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));

/**
 * What a 招商 target made from an opportunity says about why it was chosen.
 * @example opportunityReason({ density: 0.42, pci: 1.3, cog: 0.12 }) // '复杂度分析：密度0.42，PCI 1.30，COG 0.12'
 */
export function opportunityReason(o: { density: number | null; pci: number | null; cog: number | null }): string {
  return `复杂度分析：密度${fixed(o.density, 2)}，PCI ${fixed(o.pci, 2)}，COG ${fixed(o.cog, 2)}`;
}
