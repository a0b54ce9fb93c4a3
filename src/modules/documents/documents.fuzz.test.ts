import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocumentText } from './documents.parse.domain.ts';
import { renderOutline } from './documents.render.domain.ts';
import { DocumentInputError, type DocumentNode, type ParsedDocument } from './documents.types.ts';
import { generateDecision, seededRandom } from '../../../test/fixtures/documents/decision-generator.ts';

const FIXTURES = new URL('../../../test/fixtures/documents/', import.meta.url);
const seeds = [
  generateDecision({ sentencesPerArticle: 2, headingOnOwnLineEvery: 3 }),
  ...['municipal-decision-6-parts.md', 'regulation-chapters.txt', 'opinion-pdf-extracted.txt', 'plan-with-covering-notice.md'].map((f) =>
    fs.readFileSync(new URL(f, FIXTURES), 'utf8'),
  ),
];

// Pieces real documents are made of, and some they should not contain.
const PIECES = [
  '一、', '二、', '十五、', '（一）', '（二十三）', '(3)', '1.', '2．', '3、', '（1）', '（60）', '①', '⑳', '⑴', '⒈', '第一部分', '第二章', '第三节', '第十条　',
  '附件', '附件1：', '国发〔2019〕4号', '2019年1月24日', '二〇一九年一月二十四日', '（此件公开发布）', '国务院', '各省、自治区：',
  '关于印发', '的通知', '方案', '。', '：', '，', '、', '；', '“', '”', '《', '》', '（', '）', '| a | b |', '|---|---|', '| 一、组 |', '— 3 —', '-3-', '第3页',
  '⼀', '⾯', '⻓', '\u200b', '\u3000', ' ', '\t', '\n', '\n', '\n', '\n\n', '\f', '\r\n', '全党全军全国各族人民要', '各地区、各部门要结合实际', '本方案自印发之日起施行。',
  '加强组织领导', '推进高质量发展', '的', '和', 'x', '0', '9', '\u0001', '\ud800', '😀', '|', '\\|', '<br>',
];

function randomText(rand: () => number): string {
  const n = Math.floor(rand() * 120);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.75) s += PIECES[Math.floor(rand() * PIECES.length)];
    else s += String.fromCharCode(Math.floor(rand() * 0xffff));
  }
  return s;
}

function mutate(text: string, rand: () => number): string {
  let s = text;
  const ops = 1 + Math.floor(rand() * 6);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(rand() * (s.length + 1));
    const len = Math.floor(rand() * 200);
    switch (Math.floor(rand() * 8)) {
      case 0: s = s.slice(0, at) + s.slice(at + len); break; // cut a piece out
      case 1: s = s.slice(0, at) + PIECES[Math.floor(rand() * PIECES.length)] + s.slice(at); break;
      case 2: s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at); break; // repeat a piece
      case 3: s = s.slice(0, at); break; // truncate
      case 4: { // shuffle lines
        const lines = s.split('\n');
        for (let i = lines.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [lines[i], lines[j]] = [lines[j], lines[i]];
        }
        s = lines.join('\n');
        break;
      }
      case 5: s = s.replace(/\n/g, rand() < 0.5 ? '' : '\n\n'); break; // lose or double the breaks
      case 6: s = s.replace(/[（）]/g, (c) => (rand() < 0.5 ? (c === '（' ? '(' : ')') : c)); break;
      default: s = s.slice(0, at) + '\n' + s.slice(at); break; // a hard wrap anywhere
    }
  }
  return s;
}

function invariant(ok: boolean, what: string): void {
  if (!ok) throw new Error(`invariant broken: ${what}`);
}

function checkNodes(nodes: DocumentNode[], depth: number, maxLine: number): void {
  invariant(Array.isArray(nodes), 'children is an array');
  for (const n of nodes) {
    invariant(typeof n.marker === 'string' && (n.marker.length > 0 || (n.style === 'document' && n.heading.length > 0)), 'every node has a marker, a wrapped document its title');
    invariant(typeof n.heading === 'string' && typeof n.text === 'string', 'heading and text are strings');
    invariant(n.level === depth, 'level is the depth in the tree');
    invariant(Number.isInteger(n.ordinal) && n.ordinal >= 0, 'ordinal is a whole number');
    invariant(n.sourceLine >= 1 && n.sourceLine <= maxLine, 'sourceLine points into the input');
    checkNodes(n.children, depth + 1, maxLine);
  }
}

function checkDocument(doc: ParsedDocument, input: string): void {
  const maxLine = input.split('\n').length;
  for (const key of ['preamble', 'closing'] as const) invariant(typeof doc[key] === 'string', `${key} is a string`);
  for (const key of ['title', 'docNumber', 'issuer', 'date', 'dateText', 'addressee', 'coveringNotice', 'embeddedTitle'] as const) {
    invariant(doc[key] === null || typeof doc[key] === 'string', `${key} is a string or null`);
  }
  invariant(doc.date === null || /^\d{4}-\d{2}-\d{2}$/.test(doc.date), 'date is ISO');
  checkNodes(doc.nodes, 1, maxLine);
  for (const t of doc.tables) {
    invariant(Array.isArray(t.headers) && Array.isArray(t.rows), 'tables have headers and rows');
    for (const r of t.rows) invariant(r.kind === 'group' ? typeof r.text === 'string' : Array.isArray(r.cells), 'rows are groups or cells');
  }
  for (const w of doc.warnings) invariant(w.line >= 1 && typeof w.message === 'string', 'warnings name a line');
  invariant(typeof renderOutline(doc) === 'string', 'the outline renders');
}

/** Parses (timing the parse alone) and checks the result; only a DocumentInputError may be thrown. */
function parseOrRefuse(input: string): void {
  let doc: ParsedDocument | null = null;
  const started = performance.now();
  try {
    doc = parseDocumentText(input, { fileName: 'fuzz.txt' });
  } catch (err) {
    if (!(err instanceof DocumentInputError)) throw err;
    expect(err.message.startsWith('fuzz.txt')).toBe(true);
  }
  expect(performance.now() - started).toBeLessThan(1000);
  if (doc) checkDocument(doc, input);
}

describe('fuzzing parseDocumentText', () => {
  it('survives 2,500 random texts made of document pieces and noise', () => {
    const rand = seededRandom(20240718);
    for (let i = 0; i < 2500; i++) parseOrRefuse(randomText(rand));
  });

  it('survives 1,500 mutations of real documents', () => {
    const rand = seededRandom(4);
    for (let i = 0; i < 1500; i++) parseOrRefuse(mutate(seeds[i % seeds.length], rand));
  });

  it('stays fast on degenerate inputs', () => {
    parseOrRefuse('（一）'.repeat(50_000));
    parseOrRefuse('（一）甲\n'.repeat(20_000));
    parseOrRefuse(Array.from({ length: 20_000 }, (_, i) => `${i + 1}．第${i + 1}项，`).join('\n'));
    parseOrRefuse('一、' + '长'.repeat(300_000));
    parseOrRefuse('加强领导，\n'.repeat(20_000));
    parseOrRefuse('| a |\n'.repeat(20_000));
    parseOrRefuse('\n'.repeat(100_000) + 'x');
    parseOrRefuse(`“${'（'.repeat(10_000)}`);
  });
});
