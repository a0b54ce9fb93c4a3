import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import { createUnitMatcher } from '../documents/index.ts';

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

const TITLES = '(?:同志|市长|副市长|常务副市长|区长|副区长|书记|副书记|秘书长|副秘书长|主任|副主任|部长|副部长|市委常委|常委|主席|副主席|局长|副局长)';
const LEADER_TITLES = new RegExp(`${TITLES}+$`);
const LEADING_TITLES = new RegExp(`^${TITLES}+(?=[\\u4e00-\\u9fff]{2,4}$)`);

/** A leader's name without the titles written around it: 李演示副市长, 副市长李演示, 李演示（副市长）. */
function bareName(raw: string): string {
  return raw.replace(/\s/g, '').replace(/[（(][^）)]*[）)]/g, '').replace(LEADER_TITLES, '').replace(LEADING_TITLES, '');
}

/**
 * The directory of units and people, loaded once for matching many names. Units are matched by the documents
 * engine's matcher (exact name, short name, alias, then normalised forms such as 市发改委 = 市发展改革委); a name
 * that matches no record, or several, stays unresolved for a person to decide.
 */
export async function loadNameDirectory(db: Db | Tx) {
  const units = await db.selectFrom('units').select(['id', 'name', 'short_name', 'aliases', 'kind']).where('active', '=', true).execute();
  const people = await db.selectFrom('people').select(['id', 'name', 'title', 'is_leader']).where('active', '=', true).execute();
  const match = createUnitMatcher(units.map((u) => ({ id: u.id, name: u.name, shortName: u.short_name, aliases: u.aliases, kind: u.kind })));
  const peopleByName = new Map<string, string[]>();
  for (const p of people) peopleByName.set(p.name, [...(peopleByName.get(p.name) ?? []), p.id]);
  const one = (arr: string[] | undefined) => (arr && arr.length === 1 ? arr[0] : null);
  const unitName = new Map(units.map((u) => [u.id, u.short_name ?? u.name]));

  return {
    units,
    people,
    /**
     * Expands a group word into the units it stands for (各区人民政府 / 各区政府 / 各区 → every district government);
     * any other name comes back as itself.
     */
    expand(raw: string): NameRef[] {
      const r = match(raw);
      const groupIds = r.groups.filter((g) => g.resolved).flatMap((g) => g.unitIds);
      if (groupIds.length && r.matched.length === 0 && r.unmatched.length === 0) return groupIds.map((id) => ({ id, rawName: unitName.get(id)! }));
      return [{ rawName: raw }];
    },
    /** Resolves a unit reference (an id is trusted only if it exists). */
    unit(ref: NameRef): Resolved {
      if (ref.id && unitName.has(ref.id)) return { id: ref.id, rawName: ref.rawName ?? unitName.get(ref.id)! };
      const raw = (ref.rawName ?? '').trim();
      const r = raw ? match(raw) : null;
      const id = r && r.matched.length === 1 && !r.unmatched.length && !r.groups.length ? r.matched[0].unitId : null;
      return { id, rawName: raw };
    },
    /** Resolves a leader reference by name, with or without a title after it (李演示副市长). */
    person(ref: NameRef): Resolved {
      const raw = (ref.rawName ?? '').trim();
      if (ref.id && people.some((p) => p.id === ref.id)) return { id: ref.id, rawName: raw || people.find((p) => p.id === ref.id)!.name };
      const name = bareName(raw);
      return { id: one(peopleByName.get(name)), rawName: raw };
    },
    /** Units a written name may mean, best first (from the matcher's suggestions). */
    suggestUnits(raw: string, limit = 5) {
      const suggestions = match(raw).unmatched.flatMap((u) => u.suggestions);
      return suggestions.slice(0, limit).map((s) => ({ unitId: s.unitId, name: unitName.get(s.unitId) ?? '', score: s.score }));
    },
    /** People whose names share characters with a written name, leaders first. */
    suggestPeople(raw: string, limit = 5) {
      const name = bareName(raw);
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
