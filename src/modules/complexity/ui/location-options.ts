import type { RankedLocation } from './complexity.api.ts';

/**
 * The options of a location picker: each location by its name with its code ("1. 北京市 · 110000", as the ranking
 * shows it), the rank first when it has one; the label is what a typed search matches, so 天津 finds 120000.
 * @example locationOptions([{ location: '120000', label: '天津市', rank: 4 }]) // [{ value: '120000', label: '4. 天津市 · 120000' }]
 */
export function locationOptions(locations: readonly Pick<RankedLocation, 'location' | 'label' | 'rank'>[]): { value: string; label: string }[] {
  return locations.map((l) => {
    const name = l.label && l.label !== l.location ? `${l.label} · ${l.location}` : l.location;
    return { value: l.location, label: l.rank ? `${l.rank}. ${name}` : name };
  });
}
