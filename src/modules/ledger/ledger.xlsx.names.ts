const OPEN = '（(【[《〔“‘"';
const CLOSE = '）)】]》〕”’"';
const SEPARATORS = new Set(['、', '，', ',', '；', ';', '\n', '\r', '\t', '／']);
const CJK = /[\u3400-\u9fff\uf900-\ufaff）)】》〕”]/;
const BRACKETED = /^[（(][^）)]*[）)]$/;
/** A piece that is only an office ("副市长" in "副市长 张华"): it belongs to the name beside it. */
const TITLE_ONLY = /^(?:(?:市委|区委|县委|省委)?(?:常务)?(?:副)?(?:书记|市长|区长|县长|省长|主任|秘书长|部长|主席|局长|常委|组长)|同志)+$/;

/**
 * Splits a cell listing people (牵头市领导) into names as written: on 、，,；; line breaks and
 * runs of spaces, never inside brackets, and without cutting a name padded for alignment —
 * which the documents module's unit splitter, made for unit names, would cut.
 * @example splitNameList('刘建华、陈志远\n周海燕（副市长）') // ['刘建华', '陈志远', '周海燕（副市长）']
 * @example splitNameList('王\u3000伟、李  明') // ['王伟', '李明']
 * @example splitNameList('副市长 张华、李明 副市长') // ['副市长张华', '李明副市长']
 */
export function splitNameList(raw: string): string[] {
  const pieces: string[] = [];
  for (const segment of splitOutsideBrackets(raw)) {
    const parts = splitOnSpaces(segment);
    // "王\u3000伟" pads a two-character name to three; its halves are not names.
    if (parts.length > 1 && parts.some((p) => [...p].length === 1)) pieces.push(parts.join(''));
    else pieces.push(...parts);
  }
  return joinTitles(pieces.filter((name) => name !== ''));
}

/** Joins a piece that is only a title to the name after it (or, at the end, before it). */
function joinTitles(pieces: string[]): string[] {
  const out: string[] = [];
  let pending = '';
  for (const piece of pieces) {
    // "李明\n（副市长）": a bracketed note on its own line belongs to the name above it.
    if (BRACKETED.test(piece) && out.length && !pending) out[out.length - 1] += piece;
    else if (TITLE_ONLY.test(piece)) pending += piece;
    else {
      out.push(pending + piece);
      pending = '';
    }
  }
  if (pending && out.length) out[out.length - 1] += pending;
  else if (pending) out.push(pending);
  return out;
}

function splitOutsideBrackets(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of raw) {
    if (OPEN.includes(ch) && !(ch === '"' && depth > 0)) depth++;
    else if (CLOSE.includes(ch) && depth > 0) depth--;
    if (depth === 0 && SEPARATORS.has(ch)) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out.map((s) => s.replace(/^[\s\u3000。]+|[\s\u3000。]+$/g, '')).filter((s) => s !== '');
}

function splitOnSpaces(segment: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  const chars = [...segment];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (OPEN.includes(ch) && !(ch === '"' && depth > 0)) depth++;
    else if (CLOSE.includes(ch) && depth > 0) depth--;
    if (depth === 0 && /[\s\u3000]/.test(ch)) {
      let j = i;
      while (j < chars.length && /[\s\u3000]/.test(chars[j])) j++;
      const run = j - i;
      const before = chars[i - 1] ?? '';
      const after = chars[j] ?? '';
      // Two spaces, an ideographic space, or one space between two Chinese names separate names;
      // one space inside Latin text ("Tianjin Port") does not.
      if (run >= 2 || ch === '\u3000' || (CJK.test(before) && CJK.test(after))) {
        parts.push(current);
        current = '';
      } else {
        current += chars.slice(i, j).join('');
      }
      i = j - 1;
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts.filter((s) => s !== '');
}
