import type { MarkerStyle } from './documents.types.ts';

/** A numbered paragraph split into its heading and the text that follows it. */
export interface HeadingSplit {
  heading: string;
  /** The punctuation that closed the heading ("。", "：", or "" when none). */
  punct: string;
  /** Text after the heading in the same paragraph. */
  text: string;
}

const OPENERS = '“‘《（(〈【「『〔[［';
const CLOSERS = '”’》）)〉】」』〕]］';
const SENTENCE_END = '。！？!?：:';

/**
 * Splits what follows a marker into heading and text. The heading is the first sentence
 * (up to 。！？ or ：, outside quotes and brackets): "（五）构建全国统一大市场。……" → heading
 * "构建全国统一大市场", text "……". 第X条 articles carry no heading unless one is bracketed
 * ("第一条（目的）为了……"); 附件 takes the rest of its line ("附件：清单" → "清单").
 */
export function splitHeading(style: MarkerStyle, rest: string): HeadingSplit {
  if (style === 'annex') {
    return { heading: rest.replace(/^[：:\s\u3000]+/, '').trim(), punct: '', text: '' };
  }
  if (style === 'article') {
    const m = /^[（(【[［]([^）)】\]］]{1,30})[）)】\]］][ \u3000]*/.exec(rest);
    return m ? { heading: m[1], punct: '', text: rest.slice(m[0].length) } : { heading: '', punct: '', text: rest };
  }
  // "总  则", "附 则": a short heading spaced out for layout is one word.
  if (/^(?:[\u4e00-\u9fff][ \u3000]+){1,3}[\u4e00-\u9fff]$/.test(rest)) return { heading: rest.replace(/[ \u3000]+/g, ''), punct: '', text: '' };
  const end = firstSentenceEnd(rest);
  if (end < 0) {
    const m = /[；;，,、]+$/.exec(rest);
    return m ? { heading: rest.slice(0, m.index), punct: m[0], text: '' } : { heading: rest, punct: '', text: '' };
  }
  let stop = end + 1;
  // "……。”" — a closing quote right after the full stop belongs to the heading.
  while (stop < rest.length && CLOSERS.includes(rest[stop]) && rest[stop] !== '）' && rest[stop] !== ')') stop++;
  return {
    heading: rest.slice(0, end) + rest.slice(end + 1, stop),
    punct: rest[end],
    text: rest.slice(stop).replace(/^[ \t\u3000]+/, ''),
  };
}

/** Index of the first sentence-ending mark outside quotes and brackets, or -1. */
export function firstSentenceEnd(text: string, honourBrackets = true): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (honourBrackets && OPENERS.includes(ch)) depth++;
    else if (honourBrackets && CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && SENTENCE_END.includes(ch)) {
      // "1:2" or "12:30" is a ratio or a time, not the end of a heading.
      if ((ch === ':' || ch === '：') && /[0-9]/.test(text[i - 1] ?? '') && /[0-9]/.test(text[i + 1] ?? '')) continue;
      return i;
    } else if (depth === 0 && ch === '.' && /[A-Za-z)]/.test(text[i - 1] ?? '') && (i + 1 === text.length || /\s/.test(text[i + 1]))) {
      return i; // a Latin full stop ends an English heading
    }
  }
  // An unclosed quote (lost in extraction) must not swallow the whole paragraph.
  return depth > 0 && honourBrackets ? firstSentenceEnd(text, false) : -1;
}
