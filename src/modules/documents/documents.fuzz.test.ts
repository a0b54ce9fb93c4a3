import { describe, expect, it } from 'vitest';
import { parseDocumentText } from './documents.parse.domain.ts';
import { renderOutline } from './documents.render.domain.ts';
import { DocumentInputError, type DocumentNode, type ParsedDocument } from './documents.types.ts';
import { seededRandom } from '../../../test/fixtures/documents/decision-generator.ts';
import { degenerateInputs, fuzzSeeds, mutate, randomText } from '../../../test/fixtures/documents/fuzz-text.ts';

const seeds = fuzzSeeds();

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

/**
 * Parses and checks the result; only a DocumentInputError may be thrown. How long a parse may take is a budget in
 * bench/documents.bench.ts, not a test: a busy machine must not fail the suite.
 */
function parseOrRefuse(input: string): void {
  let doc: ParsedDocument | null = null;
  try {
    doc = parseDocumentText(input, { fileName: 'fuzz.txt' });
  } catch (err) {
    if (!(err instanceof DocumentInputError)) throw err;
    expect(err.message.startsWith('fuzz.txt')).toBe(true);
  }
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

  it('reads degenerate inputs (long runs of markers, one huge line, empty lines) without failing', () => {
    for (const input of degenerateInputs()) parseOrRefuse(input);
  });
});
