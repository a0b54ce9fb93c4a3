/**
 * Matching the unit lists of task-division plans (牵头单位 / 责任单位 cells: "市发改委、市工信局、
 * 各区人民政府") to the unit directory. Each name is tried as written, then in a normalised form
 * where the city prefix is gone and official abbreviations are folded together, so 市发改委,
 * 市发展改革委 and 天津市发展和改革委员会 meet. Nothing is dropped: every name ends up matched,
 * unmatched (with suggestions) or in a group (各区人民政府, 有关部门).
 */
import { normalizeChars, squeeze } from './documents.text.domain.ts';

/** A unit of the directory (org module), as the matcher needs it. */
export interface DirectoryUnit {
  id: string;
  name: string;
  shortName?: string | null;
  aliases: string[];
  kind?: string | null;
  parentId?: string | null;
}

/** How a name was matched. */
export type MatchHow = 'name' | 'shortName' | 'alias' | 'normalized' | 'split';

/** A name of the list found in the directory. */
export interface UnitMatch {
  raw: string;
  unitId: string;
  how: MatchHow;
}

/** A name of the list not found (or found more than once); suggestions are best first. */
export interface UnmatchedUnit {
  raw: string;
  suggestions: { unitId: string; score: number }[];
  /** Several units answer to the name equally well. */
  ambiguous: boolean;
}

/**
 * A word that stands for several units: 各区人民政府 (every district government), 各区发展改革委
 * (that department in every district), or 有关部门 (left to a person).
 */
export interface UnitGroup {
  raw: string;
  /** The unit kind the group covers, e.g. 'district_government', or null when the word names no kind. */
  kind: string | null;
  unitIds: string[];
  /** False when a person has to say which units are meant (有关部门, 各涉农区). */
  resolved: boolean;
}

/** Everything a unit list held, sorted by outcome. */
export interface UnitMatchResult {
  matched: UnitMatch[];
  unmatched: UnmatchedUnit[];
  groups: UnitGroup[];
}

/** Options of {@link matchUnitNames}. */
export interface UnitMatchOptions {
  /** City prefixes to ignore ("天津市"); by default the ones most directory names start with. */
  cityPrefixes?: string[];
  /** The unit kind 各区人民政府 stands for. */
  districtKind?: string;
}

const ALL_DISTRICTS = /^各区(?:县)?(?:人民政府|政府)?(?:[（(]管委会[）)])?$/;
const SOME_DISTRICTS = /^(?:各|有关|相关)?(?:涉农|相关|有关|沿海|中心城)区(?:县)?(?:人民政府|政府)?$/;
const UNRESOLVED = /^(?:市|各|市级|市各|其他|其它|中央|国家)?(?:有关|相关|各|其他)?(?:成员|行业主管|主管|职能)?(?:部门|单位|委办局|机构)$|^(?:有关|相关)/;
const ROLE_PAREN = /[（(](?:牵头|配合|参与|负责|协办|主办|列第一位|排名第一|按职责|分别负责|按职责分工)[^）)]*[）)]$/;
const ROLE_SUFFIX = /(?:按职责分工负责|按职责负责|分别负责|牵头负责|牵头|负责|配合|参与|协办)$/;
const LABEL = /^(?:牵头单位|责任单位|配合单位|参与单位|协办单位|主办单位|牵头部门|责任部门|配合部门|主责单位)[：:]/;

/**
 * Splits a unit list on 、，,；; line breaks and spaces (not inside brackets), dropping labels
 * (牵头单位：), role notes (（牵头）, 牵头, 按职责分工负责) and a trailing 等.
 * @example splitUnitList('市发改委（牵头）、市工信局等') // ['市发改委', '市工信局']
 */
export function splitUnitList(raw: string): string[] {
  const text = normalizeChars(raw ?? '').replace(/\r/g, '\n');
  const tokens: string[] = [];
  let depth = 0;
  let current = '';
  const flush = () => {
    let t = current.trim().replace(LABEL, '').replace(/^[\d０-９]+[.．、)）]\s*/, '').replace(/^[*＊•·]+/, '');
    current = '';
    for (let guard = 0; guard < 3; guard++) {
      const before = t;
      t = t.replace(ROLE_PAREN, '').replace(/等(?:单位|部门)?$/, '').trim();
      if (t.length > 3) t = t.replace(ROLE_SUFFIX, '').trim();
      if (t === before) break;
    }
    // 市水务局等有关部门, 市水务局等市有关部门: the unit, then the group it ends with.
    const trailingGroup = /^(.{2,}?)等((?:市|市级|区|区级|省|省级|各)?(?:有关|相关)(?:部门|单位))$/.exec(t);
    if (trailingGroup) tokens.push(trailingGroup[1], trailingGroup[2]);
    else if (t) tokens.push(t);
  };
  for (const ch of text) {
    if ('（(【[《'.includes(ch)) depth++;
    else if ('）)】]》'.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,；;\n/／\s\u3000]/.test(ch)) flush();
    else current += ch;
  }
  flush();
  return tokens;
}

// Official full forms and their short forms, folded to one key; longest first.
const STEMS: [RegExp, string][] = [
  [/网络安全信息化委办|网络安全信息化办|网信委办/g, '网信办'],
  [/机构编制委办/g, '编办'],
  [/国有资产监管/g, '国资'],
  [/人力资源社会保障|人力资源社会保险|人力社保/g, '人社'],
  [/住房城乡建设|住房城乡建/g, '住建'],
  [/规划自然资源|规划资源|规自/g, '规资'],
  [/工业信息化|工业信息/g, '工信'],
  [/发展改革/g, '发改'],
  [/科学技术/g, '科技'],
  [/卫生健康|卫生计生/g, '卫健'],
  [/文化旅游/g, '文旅'],
  [/医疗保障/g, '医保'],
  [/退役军人事务/g, '退役军人'],
  [/应急管理/g, '应急'],
  [/交通运输委/g, '交委'],
  [/农业农村委/g, '农委'],
  [/教育委/g, '教委'],
  [/工商业联合会/g, '工商联'],
  [/地方金融监管局|金融工作局|金融监管局/g, '金融局'],
  [/政务服务办|政务办/g, '政务服务办'],
  [/人民政府/g, '政府'],
];

/**
 * The normalised key of a unit name: no city prefix, no 和, 委员会→委, 监督管理→监管,
 * 办公室→办, and official abbreviations folded (发展改革→发改, 工业和信息化→工信 …).
 * @example unitKey('天津市发展和改革委员会', ['天津市']) // '发改委'
 */
export function unitKey(name: string, cityPrefixes: string[]): string {
  let s = squeeze(normalizeChars(name)).replace(/[·•・]/g, '').replace(/^中共/, '');
  for (const p of cityPrefixes) {
    if (s.startsWith(p) && s.length > p.length + 1) {
      s = s.slice(p.length);
      break;
    }
  }
  // 市发改委 → 发改委; but 市场监管委 and 市容园林委 keep their first character.
  if (s.startsWith('市') && s.length > 2 && !/^市[场容民]/.test(s)) s = s.slice(1);
  s = s
    .replace(/(?<=.)和(?!平)/g, '')
    .replace(/委员会办公室/g, '委办')
    .replace(/委员会/g, '委')
    .replace(/监督管理/g, '监管')
    .replace(/办公室/g, '办');
  for (const [re, short] of STEMS) s = s.replace(re, short);
  return s;
}

/** A looser key: party organs without their leading 委 (委网信办 → 网信办, 委宣传部 → 宣传部). */
function looseKey(key: string): string {
  return key.startsWith('委') && key.length > 3 ? key.slice(1) : key;
}

/** City prefixes that many directory names share ("天津市"), so they can be ignored. */
export function guessCityPrefixes(directory: DirectoryUnit[]): string[] {
  const counts = new Map<string, number>();
  for (const u of directory) {
    const m = /^(?:中共)?([\u4e00-\u9fff]{2,4}?市)(?=[\u4e00-\u9fff]{2,})/.exec(squeeze(u.name));
    if (m && !/^[市]/.test(m[1])) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= 2 && n >= directory.length * 0.2).sort((a, b) => b[1] - a[1]).map(([p]) => p);
}

/** A matcher built once for a directory and used for many lists (a whole plan's rows). */
export type UnitMatcher = (raw: string) => UnitMatchResult;

/**
 * Builds a matcher for a directory: exact name, short name and alias first, then the
 * normalised key, then the looser key, then two names written without a separator.
 */
export function createUnitMatcher(directory: DirectoryUnit[], opts: UnitMatchOptions = {}): UnitMatcher {
  const prefixes = [...(opts.cityPrefixes ?? guessCityPrefixes(directory))].sort((a, b) => b.length - a.length);
  const districtKind = opts.districtKind ?? 'district_government';
  const exact = new Map<string, { ids: Set<string>; how: MatchHow }>();
  const byKey = new Map<string, Set<string>>();
  const byLoose = new Map<string, Set<string>>();
  const keysOf = new Map<string, string[]>();
  const add = (map: Map<string, Set<string>>, k: string, id: string) => {
    const set = map.get(k) ?? new Set<string>();
    set.add(id);
    map.set(k, set);
  };
  for (const u of directory) {
    const names: [string, MatchHow][] = [[u.name, 'name'], ...(u.shortName ? [[u.shortName, 'shortName'] as [string, MatchHow]] : []), ...u.aliases.map((a) => [a, 'alias'] as [string, MatchHow])];
    const keys: string[] = [];
    for (const [n, how] of names) {
      const sq = squeeze(normalizeChars(n));
      if (!sq) continue;
      const entry = exact.get(sq) ?? { ids: new Set<string>(), how };
      entry.ids.add(u.id);
      exact.set(sq, entry);
      const k = unitKey(n, prefixes);
      keys.push(k);
      add(byKey, k, u.id);
      add(byLoose, looseKey(k), u.id);
    }
    keysOf.set(u.id, keys);
  }
  const districtIds = directory.filter((u) => u.kind === districtKind).map((u) => u.id);
  // District departments by their key without the district's name: 滨海新区发改委 → 发改委.
  const districtPrefix = new Map(directory.filter((u) => u.kind === districtKind).map((u) => [u.id, unitKey(u.name, prefixes).replace(/(人民)?政府$/, '')]));
  const districtDepartments = new Map<string, string[]>();
  for (const u of directory) {
    const prefix = u.parentId ? districtPrefix.get(u.parentId) : undefined;
    if (!prefix) continue;
    const key = unitKey(u.name, prefixes);
    const own = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    districtDepartments.set(own, [...(districtDepartments.get(own) ?? []), u.id]);
  }

  const lookup = (name: string): { ids: string[]; how: MatchHow } | null => {
    const sq = squeeze(name);
    const e = exact.get(sq);
    if (e) return { ids: [...e.ids], how: e.how };
    const k = unitKey(name, prefixes);
    const viaKey = byKey.get(k);
    if (viaKey) return { ids: [...viaKey], how: 'normalized' };
    const viaLoose = byLoose.get(looseKey(k));
    if (viaLoose) return { ids: [...viaLoose], how: 'normalized' };
    // 市委宣传部（市新闻出版局）: either name may be the one the directory knows.
    const paren = /^(.+?)[（(](.+)[）)]$/.exec(name);
    if (paren) return lookup(paren[1]) ?? lookup(paren[2]);
    // 滨海新区 named in a unit list is the district's government.
    if (/^[\u4e00-\u9fff]{1,6}[区县]$/.test(sq) && !/^(?:各|有关|相关|市)/.test(sq)) return lookup(`${sq}人民政府`);
    return null;
  };

  const splitGlued = (name: string, depth: number): string[] | null => {
    if (depth > 2 || name.length < 4) return null;
    for (let i = 2; i <= name.length - 2; i++) {
      if (!/[委局办厅部院会心府行司所队站]/.test(name[i - 1])) continue;
      const head = lookup(name.slice(0, i));
      if (!head || head.ids.length !== 1) continue;
      const tail = name.slice(i);
      const whole = lookup(tail);
      if (whole && whole.ids.length === 1) return [head.ids[0], whole.ids[0]];
      const rest = splitGlued(tail, depth + 1);
      if (rest) return [head.ids[0], ...rest];
    }
    return null;
  };

  // Similar keys (bigrams), or similar stems once the kind word is off: 科委 ~ 科技局.
  const suggest = (name: string): { unitId: string; score: number }[] => {
    const k = unitKey(name, prefixes);
    const a = bigrams(k);
    const stem = unigrams(stemOf(k));
    const scored: { unitId: string; score: number }[] = [];
    for (const [id, keys] of keysOf) {
      const score = Math.max(0, ...keys.map((key) => Math.max(dice(a, bigrams(key)), 0.9 * dice(stem, unigrams(stemOf(key))))));
      if (score >= 0.34) scored.push({ unitId: id, score: Math.round(score * 100) / 100 });
    }
    return scored.sort((x, y) => y.score - x.score).slice(0, 3);
  };

  return (raw: string) => {
    const result: UnitMatchResult = { matched: [], unmatched: [], groups: [] };
    for (const token of splitUnitList(raw)) {
      if (ALL_DISTRICTS.test(token)) {
        result.groups.push({ raw: token, kind: districtKind, unitIds: districtIds, resolved: districtIds.length > 0 });
        continue;
      }
      // 各区发展改革委: the same department in every district.
      const perDistrict = /^各区(?:县)?(.{2,})$/.exec(token);
      if (perDistrict) {
        const unitIds = districtDepartments.get(unitKey(perDistrict[1], prefixes)) ?? [];
        result.groups.push({ raw: token, kind: null, unitIds, resolved: unitIds.length > 0 });
        continue;
      }
      const found = lookup(token);
      if (found && found.ids.length === 1) {
        result.matched.push({ raw: token, unitId: found.ids[0], how: found.how });
        continue;
      }
      if (found) {
        result.unmatched.push({ raw: token, suggestions: found.ids.map((unitId) => ({ unitId, score: 1 })), ambiguous: true });
        continue;
      }
      if (SOME_DISTRICTS.test(token)) {
        result.groups.push({ raw: token, kind: districtKind, unitIds: districtIds, resolved: false });
        continue;
      }
      if (UNRESOLVED.test(token)) {
        result.groups.push({ raw: token, kind: null, unitIds: [], resolved: false });
        continue;
      }
      const glued = splitGlued(squeeze(token), 0);
      if (glued) {
        for (const unitId of glued) result.matched.push({ raw: token, unitId, how: 'split' });
        continue;
      }
      result.unmatched.push({ raw: token, suggestions: suggest(token), ambiguous: false });
    }
    return result;
  };
}

/**
 * Matches each name of a unit list to the directory.
 * @example matchUnitNames('市发改委、各区人民政府、有关部门', directory)
 * // { matched: [{ raw: '市发改委', unitId: 'fgw', how: 'normalized' }], unmatched: [],
 * //   groups: [{ raw: '各区人民政府', kind: 'district_government', unitIds: [...], resolved: true },
 * //            { raw: '有关部门', kind: null, unitIds: [], resolved: false }] }
 */
export function matchUnitNames(raw: string, directory: DirectoryUnit[], opts: UnitMatchOptions = {}): UnitMatchResult {
  return createUnitMatcher(directory, opts)(raw);
}

function stemOf(key: string): string {
  return key.replace(/(?:委办|中心|委|局|办|厅|部|院|会|府|所|站)$/, '') || key;
}

function unigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const ch of s) out.set(ch, (out.get(ch) ?? 0) + 1);
  return out;
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  const chars = [...s];
  if (chars.length === 1) out.set(s, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i] + chars[i + 1];
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const [g, n] of a) {
    shared += Math.min(n, b.get(g) ?? 0);
    total += n;
  }
  for (const n of b.values()) total += n;
  return total ? (2 * shared) / total : 0;
}
