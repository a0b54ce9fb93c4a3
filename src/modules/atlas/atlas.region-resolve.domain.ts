/**
 * Which listed region an enterprise file's row lies in. Real lists seldom carry Luoshi's own region codes: a list of
 * 专精特新 enterprises names the district in words (滨海新区, 天津市滨海新区, 河北省石家庄市长安区), in separate
 * province, city and district columns, or gives only the enterprise's code and address; a Yangtze River Delta list
 * gives district codes (320505) of regions Luoshi lists only by province. This module reads all of those against
 * China's divisions (GB/T 2260, bundled: atlas.divisions.data.ts) and answers with the listed region the place lies
 * in — the place itself when it is listed, else its city, else its province.
 */
import { DIVISIONS_TEXT } from './atlas.divisions.data.ts';

/** A region Luoshi lists (the regions table). */
export interface ListedRegion {
  code: string;
  name: string;
  shortName: string | null;
}

/** How a row's region was found: its region columns, or the enterprise's code, or its address. */
export type RegionSource = 'column' | 'uscc' | 'address';

/** A row's region as found; `within` when the place named is finer than any listed region (a county of a listed city). */
export type RegionFound = { code: string; source: RegionSource; within: boolean };

/** Why a region cell names no listed region. */
export type RegionMiss = { zh: string; en: string };

/** The three counties 雄安新区 administers, whose GB/T 2260 parent is still 保定市. */
const ZONE_OF: Readonly<Record<string, string>> = { '130629': '133100', '130632': '133100', '130638': '133100' };
/** Endings dropped to give a division's short name (天津市 → 天津, 滨海新区 → 滨海); ethnic names are left whole. */
const SUFFIX = /(特别行政区|自治区|自治州|自治县|自治旗|新区|地区|省|市|区|县|盟|旗)$/u;
const CODE = /^(\d{6})(?!\d)/;
const NOISE = /[\s\u3000·•,，、/\\|;；:：()（）[\]【】-]+/gu;
/** The longest division name (内蒙古自治区 …, 新疆生产建设兵团 …): no match is looked for beyond it. */
const LONGEST = 20;
/** Region texts kept with their answer (a file names a few hundred places; a mis-mapped column would name one a row). */
const CACHED = 50_000;

interface Division {
  code: string;
  name: string;
}

let divisions: Map<string, Division> | null = null;
function allDivisions(): Map<string, Division> {
  if (!divisions) {
    divisions = new Map();
    for (const entry of DIVISIONS_TEXT.split(';')) {
      const [code, name] = entry.split(',') as [string, string];
      divisions.set(code, { code, name });
    }
  }
  return divisions;
}

const levelOf = (code: string) => (code.endsWith('0000') ? 0 : code.endsWith('00') ? 1 : 2);
/** The code prefix the places inside `code` share ('' for none inside: a county). */
const insidePrefix = (code: string) => (code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code);

/**
 * Reads places against the listed regions. Made once per file; answers are kept by text (a file of a million rows
 * names a few hundred places).
 */
export class RegionResolver {
  private readonly listed: Set<string>;
  /** Full and short names → the codes they name (listed regions and every division). */
  private readonly byName = new Map<string, string[]>();
  private readonly cache = new Map<string, RegionFound | RegionMiss>();

  constructor(regions: readonly ListedRegion[]) {
    this.listed = new Set(regions.map((r) => r.code));
    const add = (name: string | null | undefined, code: string) => {
      const key = name?.replace(NOISE, '');
      if (!key || key.length < 2) return;
      const codes = this.byName.get(key);
      if (!codes) this.byName.set(key, [code]);
      else if (!codes.includes(code)) codes.push(code);
    };
    for (const d of allDivisions().values()) {
      add(d.name, d.code);
      add(d.name.replace(SUFFIX, ''), d.code);
    }
    for (const r of regions) {
      add(r.name, r.code);
      add(r.shortName, r.code);
      add(r.name.replace(SUFFIX, ''), r.code);
    }
  }

  /**
   * The listed region a code lies in: itself, the zone that administers it, its city or its province. Only real
   * divisions are walked up (a mistyped code is not quietly read as its province); `lenient` walks up any code whose
   * province or city is listed — for the code inside a USCC, which keeps the division of the year it was issued.
   */
  regionOfCode(code: string, lenient = false): { code: string; within: boolean } | null {
    if (this.listed.has(code)) return { code, within: false };
    if (!lenient && !allDivisions().has(code)) return null;
    const zone = ZONE_OF[code];
    for (const up of [zone, `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) {
      if (up && up !== code && this.listed.has(up)) return { code: up, within: true };
    }
    return null;
  }

  /**
   * A place named in words, read from its start: a province, then a city in it, then a county in that (each may be
   * left out, and written in full or short: 天津市滨海新区, 天津滨海, 石家庄市长安区, 滨海新区). The deepest place
   * read, or null when the text starts with no place; a name shared by places in different provinces (长安区) is read
   * only under its province or city.
   */
  private placeOfText(text: string): { code: string } | { ambiguous: string } | null {
    let pos = 0;
    let found: string | null = null;
    while (pos < text.length) {
      if (text.startsWith('市辖区', pos)) {
        pos += 3;
        continue;
      }
      let step: { code: string; len: number } | null = null;
      for (let len = Math.min(LONGEST, text.length - pos); len >= 2 && !step; len--) {
        const name = text.slice(pos, pos + len);
        const codes = this.byName.get(name);
        if (!codes) continue;
        // The place read already, named again (a municipality's city column: 天津市, 天津市, 河北区).
        if (found !== null && codes.includes(found)) {
          step = { code: found, len };
          break;
        }
        const inside: string[] = found === null ? codes : codes.filter((c) => c !== found && c.startsWith(insidePrefix(found!)));
        if (inside.length === 0) continue;
        const pick: string | null = inside.length === 1 ? inside[0]! : this.preferred(inside);
        if (pick === null) {
          if (found === null) return { ambiguous: name };
          continue;
        }
        step = { code: pick, len };
      }
      if (!step) break;
      found = step.code;
      pos += step.len;
      if (levelOf(found) === 2) break;
    }
    return found === null ? null : { code: found };
  }

  /** Of several places one name may mean: the listed ones, then the higher level (河北 is the province, not 天津's 河北区); null if still several. */
  private preferred(codes: string[]): string | null {
    const listed = codes.filter((c) => this.listed.has(c));
    const pool = listed.length > 0 ? listed : codes;
    const top = Math.min(...pool.map(levelOf));
    const best = pool.filter((c) => levelOf(c) === top);
    return best.length === 1 ? best[0]! : null;
  }

  /** The region columns' text (a code, or a name, or the province, city and district joined): a listed region, or why not. */
  ofColumns(text: string): RegionFound | RegionMiss {
    const cached = this.cache.get(text);
    if (cached) return cached;
    const answer = this.readColumns(text);
    if (this.cache.size < CACHED) this.cache.set(text, answer);
    return answer;
  }

  private readColumns(raw: string): RegionFound | RegionMiss {
    const code = CODE.exec(raw.trim());
    if (code) {
      const r = this.regionOfCode(code[1]!);
      return r
        ? { ...r, source: 'column' }
        : { zh: ` ${code[1]} 不是行政区划代码（GB/T 2260）`, en: `${code[1]} is not a region code (GB/T 2260)` };
    }
    const text = raw.replace(NOISE, '');
    const place = this.placeOfText(text);
    if (place && 'ambiguous' in place) {
      return { zh: `“${place.ambiguous}”不止一处，请写明所在的省或市（如 河北省石家庄市长安区），或填行政区划代码`, en: `"${place.ambiguous}" names more than one place: add its province or city (e.g. 河北省石家庄市长安区), or give the region code` };
    }
    const r = place ? this.regionOfCode(place.code) : null;
    if (r) return { ...r, source: 'column' };
    return place
      ? { zh: `“${raw.trim()}”不在本系统的地区范围内`, en: `"${raw.trim()}" is not within the regions Luoshi lists` }
      : { zh: `“${raw.trim()}”不是行政区划代码或地区名称`, en: `"${raw.trim()}" is neither a region code nor a place name` };
  }

  /** The region of an enterprise's USCC (characters 3–8: the division of the authority that registered it), or null. */
  ofUscc(uscc: string): RegionFound | null {
    const code = uscc.slice(2, 8);
    if (!/^\d{6}$/.test(code)) return null;
    const r = this.regionOfCode(code, true);
    return r ? { ...r, source: 'uscc' } : null;
  }

  /** The region an address starts with (天津市滨海新区第三大街 …), or null. Not kept: addresses differ row by row. */
  ofAddress(address: string): RegionFound | null {
    const place = this.placeOfText(address.replace(NOISE, '').slice(0, 3 * LONGEST));
    const r = place && 'code' in place ? this.regionOfCode(place.code) : null;
    return r ? { ...r, source: 'address' } : null;
  }
}

/** Is `inner` the same region as `outer` or inside it (by code: 120116 in 120000)? */
export function regionWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(insidePrefix(outer));
}
