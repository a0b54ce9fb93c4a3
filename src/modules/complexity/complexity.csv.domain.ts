/**
 * What a CSV file's first line says about how it is written, shared by the server's reader and the browser's
 * column picker so both split the same file the same way. Pure: no Node or browser APIs.
 */

/** The separators a statistics table comes with: comma, tab (a copy from Excel, .tsv), semicolon (European exports), bar. */
export type CsvDelimiter = ',' | '\t' | ';' | '|';

const CANDIDATES: CsvDelimiter[] = [',', '\t', ';', '|'];

/**
 * The separator of a table, from its header line: the candidate met most often outside quotes, a comma on a tie or
 * when there is none (a one-column file).
 * @example detectDelimiter('loc\tprod\tval') // '\t'
 * @example detectDelimiter('"a;b",c,d') // ','
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (counts.size > 0) break; // the first line with a separator is the header
    } else if (!quoted && CANDIDATES.includes(ch as CsvDelimiter)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of CANDIDATES) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A number as spreadsheets export formatted values, with thousands separators ("1,234,567.5"), written plainly;
 * any other text is returned as it is.
 * @example ungroupDigits('1,200') // '1200'
 */
export function ungroupDigits(text: string): string {
  return GROUPED.test(text) ? text.replaceAll(',', '') : text;
}

/**
 * A table file's text: UTF-8 or UTF-16 by their byte-order marks, else UTF-8 when it decodes cleanly, else GB18030
 * (what Excel on a Chinese Windows saves as "CSV").
 */
export function decodeTable(b: Uint8Array): string {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder('utf-8').decode(b.subarray(3));
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return new TextDecoder('gb18030').decode(b);
  }
}
