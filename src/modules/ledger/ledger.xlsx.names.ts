const OPEN = '（(【[《〔“‘"';
const CLOSE = '）)】]》〕”’"';
const SEPARATORS = new Set(['、', '，', ',', '；', ';', '\n', '\r', '\t', '／']);
const CJK = /[\u3400-\u9fff\uf900-\ufaff）)】》〕”]/;

/**
 * Splits a cell listing people (牵头市领导) into names as written: on 、，,；; line breaks and
 * runs of spaces, never inside brackets, and without cutting a name padded for alignment —
 * which the documents module's unit splitter, made for unit names, would cut.
 * @example splitNameList('刘建华、陈志远\n周海燕（副市长）') // ['刘建华', '陈志远', '周海燕（副市长）']
 * @example splitNameList('王\u3000伟、李  明') // ['王伟', '李明']
 */
export function splitNameList(raw: string): string[] {
  const out: string[] = [];
  for (const segment of splitOutsideBrackets(raw)) {
    const pieces = splitOnSpaces(segment);
    // "王\u3000伟" pads a two-character name to three; its halves are not names.
    if (pieces.length > 1 && pieces.some((p) => [...p].length === 1)) out.push(pieces.join(''));
    else out.push(...pieces);
  }
  return out.filter((name) => name !== '');
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
