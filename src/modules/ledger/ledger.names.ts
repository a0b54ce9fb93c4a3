import type { Db } from '../../server/db.ts';
import type { Tx } from '../../lib/service-context.ts';

/** A unit or person as a caller names it: by id when known, else as written in the source. */
export interface NameRef {
  id?: string | null;
  rawName?: string;
}

/** A resolved reference: the id when the name matched exactly one record, and the name as written. */
export interface Resolved {
  id: string | null;
  rawName: string;
}

const LEADER_TITLES = /(同志|市长|副市长|常务副市长|书记|副书记|秘书长|主任|副主任|部长|副部长|市委常委|常委|主席|副主席|局长|副局长)+$/;

/** Reduces a unit name to what matters for matching: no spaces, no city prefix, common long forms shortened. */
export function unitKey(name: string): string {
  return name
    .replace(/[\s\u3000]/g, '')
    .replace(/^(中共)?(天津市|天津|市)/, '')
    .replace(/^(中共)?[\u4e00-\u9fff]{2,3}(省|市)(?=[\u4e00-\u9fff]{2,})/, '')
    .replace('发展和改革委员会', '发展改革委')
    .replace('发改委', '发展改革委')
    .replace('人力资源和社会保障局', '人力资源社会保障局')
    .replace('人社局', '人力资源社会保障局')
    .replace('工信局', '工业和信息化局')
    .replace('住房和城乡建设委员会', '住房城乡建设委')
    .replace('住建委', '住房城乡建设委')
    .replace('规划和自然资源局', '规划资源局')
    .replace('市场监督管理委员会', '市场监管委')
    .replace('委员会', '委')
    .replace('人民政府', '政府');
}

/**
 * The directory of units and people, loaded once for matching many names: exact name, short name or alias first,
 * then the normalised key. A name that matches no record, or several, stays unresolved for a person to decide.
 */
export async function loadNameDirectory(db: Db | Tx) {
  const units = await db.selectFrom('units').select(['id', 'name', 'short_name', 'aliases', 'kind']).where('active', '=', true).execute();
  const people = await db.selectFrom('people').select(['id', 'name', 'title', 'is_leader']).where('active', '=', true).execute();
  const exact = new Map<string, Set<string>>();
  const byKey = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, id: string) => m.set(k, (m.get(k) ?? new Set()).add(id));
  for (const u of units) {
    for (const n of [u.name, u.short_name, ...u.aliases]) {
      if (!n) continue;
      add(exact, n.replace(/\s/g, ''), u.id);
      add(byKey, unitKey(n), u.id);
    }
  }
  const peopleByName = new Map<string, string[]>();
  for (const p of people) peopleByName.set(p.name, [...(peopleByName.get(p.name) ?? []), p.id]);
  const one = (set: Set<string> | string[] | undefined) => {
    const arr = set ? [...set] : [];
    return arr.length === 1 ? arr[0] : null;
  };
  const unitName = new Map(units.map((u) => [u.id, u.short_name ?? u.name]));

  const districtIds = units.filter((u) => u.kind === 'district_government').map((u) => u.id);
  return {
    units,
    people,
    /**
     * Expands a group word into the units it stands for (各区人民政府 / 各区政府 / 各区 → every district government);
     * any other name comes back as itself.
     */
    expand(raw: string): NameRef[] {
      const clean = raw.replace(/\s/g, '');
      if (/^(各区(人民)?政府|各区|各区人民政府)$/.test(clean) && districtIds.length) return districtIds.map((id) => ({ id, rawName: unitName.get(id)! }));
      return [{ rawName: raw }];
    },
    /** Resolves a unit reference (an id is trusted only if it exists). */
    unit(ref: NameRef): Resolved {
      if (ref.id && unitName.has(ref.id)) return { id: ref.id, rawName: ref.rawName ?? unitName.get(ref.id)! };
      const raw = (ref.rawName ?? '').trim();
      const clean = raw.replace(/\s/g, '');
      return { id: one(exact.get(clean)) ?? one(byKey.get(unitKey(clean))), rawName: raw };
    },
    /** Resolves a leader reference by name, with or without a title after it (李演示副市长). */
    person(ref: NameRef): Resolved {
      const raw = (ref.rawName ?? '').trim();
      if (ref.id && people.some((p) => p.id === ref.id)) return { id: ref.id, rawName: raw || people.find((p) => p.id === ref.id)!.name };
      const name = raw.replace(/\s/g, '').replace(LEADER_TITLES, '');
      return { id: one(peopleByName.get(name)), rawName: raw };
    },
    /** Units whose names share the most characters with a written name, best first. */
    suggestUnits(raw: string, limit = 5) {
      const key = unitKey(raw);
      return units
        .map((u) => ({ unitId: u.id, name: u.short_name ?? u.name, score: similarity(key, unitKey(u.short_name ?? u.name)) }))
        .filter((s) => s.score > 0.3)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    },
    /** People whose names share characters with a written name, leaders first. */
    suggestPeople(raw: string, limit = 5) {
      const name = raw.replace(/\s/g, '').replace(LEADER_TITLES, '');
      return people
        .map((p) => ({ personId: p.id, name: p.name, title: p.title, score: similarity(name, p.name) + (p.is_leader ? 0.01 : 0) }))
        .filter((s) => s.score > 0.3)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    },
  };
}

/** Dice coefficient over character bigrams (single characters for very short names). */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => (s.length < 2 ? [s] : Array.from({ length: s.length - 1 }, (_, i) => s.slice(i, i + 2)));
  const ga = grams(a);
  const gb = grams(b);
  if (!ga.length || !gb.length) return 0;
  const pool = [...gb];
  let hits = 0;
  for (const g of ga) {
    const i = pool.indexOf(g);
    if (i >= 0) {
      hits++;
      pool.splice(i, 1);
    }
  }
  return (2 * hits) / (ga.length + gb.length);
}
