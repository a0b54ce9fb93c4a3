/**
 * Labels for a list whose names may repeat: a name that one item alone carries stands as it is; a name several carry
 * gets each item's qualifier after it, so a select or a table never shows two identical entries.
 * @example distinctLabels([{ name: '集成电路' }, { name: '集成电路' }], (c) => c.name, (c, i) => (i === 0 ? '共享' : '天津市')) // ['集成电路 · 共享', '集成电路 · 天津市']
 */
export function distinctLabels<T>(items: readonly T[], name: (item: T) => string, qualifier: (item: T, index: number) => string): string[] {
  const count = new Map<string, number>();
  for (const item of items) count.set(name(item), (count.get(name(item)) ?? 0) + 1);
  return items.map((item, i) => ((count.get(name(item)) ?? 0) > 1 ? `${name(item)} · ${qualifier(item, i)}` : name(item)));
}
