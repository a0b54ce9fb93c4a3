/**
 * A notice may wrap several documents (印发《A》和《B》的通知, 印发…两个规定的通知): after the body
 * of the first, the second opens with its title on a line of its own and numbering that starts
 * again. This finds where each further document starts.
 */
import type { Item } from './documents.outline.domain.ts';
import { TERMINAL_END } from './documents.lines.domain.ts';
import { TITLE_END, normTitle } from './documents.meta.domain.ts';
import { STYLE_RANK } from './documents.numbering.domain.ts';
import { displayWidth } from './documents.text.domain.ts';

/** Where a further wrapped document starts: `count` title paragraphs from item `at`. */
export interface EmbeddedStart {
  at: number;
  count: number;
  title: string;
}

/**
 * Finds the title lines of the documents after the first in a notice's body (annexes excluded).
 * A title is up to three short unpunctuated lines after some numbered paragraph; it counts when
 * the notice names it, or when it ends like a title (规定, 办法, 方案 …) and the numbering after it
 * starts again at 1 in the style that opened the document before it (一、 after …（九）, 第一章).
 * @example findEmbeddedStarts(items, ['甲规定', '乙规定']) // [{ at: 14, count: 1, title: '乙规定' }]
 */
export function findEmbeddedStarts(items: Item[], named: string[]): EmbeddedStart[] {
  const starts: EmbeddedStart[] = [];
  let opening: Item['marker'] = null;
  for (let j = 0; j < items.length; j++) {
    const it = items[j];
    if (it.marker) {
      opening ??= it.marker;
      continue;
    }
    if (!opening || !isTitleLine(it)) continue;
    let title = '';
    let count = 0;
    for (let k = j; k < Math.min(items.length, j + 3) && isTitleLine(items[k]); k++) {
      title += items[k].paragraph.text;
      count++;
      if (TITLE_END.test(title) || isNamed(title, named)) break;
    }
    const next = items.slice(j + count, j + count + 5).find((x) => x.marker)?.marker;
    if (!next || next.style === 'annex') continue;
    const restarts = next.ordinal === 1 && STYLE_RANK[next.style] <= STYLE_RANK[opening.style];
    if (!(isNamed(title, named) || (TITLE_END.test(title) && restarts))) continue;
    starts.push({ at: j, count, title });
    opening = null;
    j += count - 1;
  }
  return starts;
}

function isTitleLine(it: Item | undefined): boolean {
  if (!it || it.marker || it.paragraph.tableIndex !== undefined) return false;
  const t = it.paragraph.text;
  return displayWidth(t) <= 40 && !TERMINAL_END.test(t) && !/[。，,、；;：:]/.test(t);
}

function isNamed(title: string, named: string[]): boolean {
  const t = normTitle(title);
  return t.length >= 4 && named.some((w) => w === t);
}
