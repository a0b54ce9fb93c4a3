/**
 * Benchmark of the document engine: `npx tsx bench/documents.bench.ts`.
 *
 * Parses a generated plenary-style decision (15 parts, 60 articles （1）…（60） numbered across
 * them, about 20,000 characters) with `parseDocumentText`, against a baseline that only splits
 * the same text into lines and tests each against a marker regex (the least any outline reader
 * must do). Also a real State Council notice, a ten-times-longer decision (scaling), and the
 * deadline and unit-list readers on 5,000 cells each, and the slowest single parse of the fuzz test's degenerate
 * and random inputs (budget: under a second each). Medians of repeated runs after a warm-up,
 * in one process. Prints the figures and rewrites the "Documents" section of BENCHMARKS.md.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseDocumentText } from '../src/modules/documents/documents.parse.domain.ts';
import { parseDeadline } from '../src/modules/documents/documents.deadline.domain.ts';
import { type DirectoryUnit, createUnitMatcher } from '../src/modules/documents/documents.units.domain.ts';
import { generateDecision, seededRandom } from '../test/fixtures/documents/decision-generator.ts';
import { degenerateInputs, fuzzSeeds, mutate, randomText } from '../test/fixtures/documents/fuzz-text.ts';
import { median, writeSection } from './lib.ts';

const RUNS = 30;
const WARMUP = 5;
const GOAL_MS = 50;

interface Row {
  input: string;
  size: string;
  part: 'baseline' | 'engine';
  ms: number[];
  goal?: string;
}

const MARKER = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十百]+[部分章节条])/;

function baseline(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (MARKER.test(line.trim())) n++;
  return n;
}

function time(fn: () => unknown, runs = RUNS): number[] {
  for (let i = 0; i < WARMUP; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    out.push(performance.now() - started);
  }
  return out;
}

const fmt = (ms: number) => (ms < 1 ? `${ms.toFixed(3)} ms` : ms < 100 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`);

function pair(input: string, size: string, text: string, goal?: (ms: number) => string): Row[] {
  const base = time(() => baseline(text));
  const engine = time(() => parseDocumentText(text));
  return [
    { input, size, part: 'baseline', ms: base },
    { input, size, part: 'engine', ms: engine, goal: goal?.(median(engine)) },
  ];
}

const decision = generateDecision();
const check = parseDocumentText(decision);
const articles = check.nodes.reduce((n, p) => n + p.children.length, 0);
if (check.nodes.length !== 15 || articles !== 60) throw new Error(`generated decision parsed as ${check.nodes.length} parts, ${articles} articles`);

const rows: Row[] = [];
rows.push(...pair('decision, 15 parts / 60 articles', `${decision.length.toLocaleString('en')} chars`, decision, (ms) => `< ${GOAL_MS} ms: ${ms < GOAL_MS ? 'met' : 'NOT met'}`));

const notice = new URL('../test/fixtures/real/documents/guowuyuan_guojia-zhiye-jiaoyu-gaige-shishi-fangan_2019.md', import.meta.url);
const noticeText = readFileSync(notice, 'utf8');
rows.push(...pair('国发〔2019〕4号 (real)', `${noticeText.length.toLocaleString('en')} chars`, noticeText));

const long = Array.from({ length: 10 }, (_, i) => generateDecision({ seed: i + 1 })).join('\n');
rows.push(...pair('10 decisions in one text', `${long.length.toLocaleString('en')} chars`, long));

const phrases = ['2024年底前', '2025年6月底前', '2024—2026年', '每季度', '2024年9月底前完成，长期坚持', '2025年第三季度', '年内', '按计划推进'];
const cells = Array.from({ length: 5000 }, (_, i) => phrases[i % phrases.length]);
rows.push({ input: 'deadline phrases × 5,000', size: '8 kinds', part: 'engine', ms: time(() => cells.forEach((c) => parseDeadline(c, { referenceYear: 2024 })), 10) });

const directory: DirectoryUnit[] = ['发展和改革委员会', '工业和信息化局', '科学技术局', '财政局', '商务局', '教育委员会', '人力资源和社会保障局', '住房和城乡建设委员会', '规划和自然资源局', '市场监督管理委员会']
  .map((n, i) => ({ id: `u${i}`, name: `天津市${n}`, shortName: null, aliases: [], kind: 'department' }))
  .concat(['和平区', '河西区', '滨海新区'].map((d, i) => ({ id: `d${i}`, name: `天津市${d}人民政府`, shortName: null, aliases: [], kind: 'district_government' })));
const lists = ['市发改委、市工信局、各区人民政府', '市科技局，市财政局；市有关部门', '市住建委\n市规划资源局\n市场监管委', '市教委、市人社局、市大数据中心'];
const matcher = createUnitMatcher(directory);
rows.push({ input: 'unit lists × 5,000', size: `${directory.length} units`, part: 'engine', ms: time(() => { for (let i = 0; i < 5000; i++) matcher(lists[i % lists.length]); }, 10) });

// Time budgets that used to be asserted in documents.fuzz.test.ts: no single input, however odd, may take a second.
const SLOWEST_GOAL_MS = 1000;
/** Each input parsed once (a refusal counts as parsed); the list of times, in input order. */
function eachOnce(inputs: string[]): number[] {
  return inputs.map((input) => {
    const started = performance.now();
    try {
      parseDocumentText(input, { fileName: 'fuzz.txt' });
    } catch {
      // a DocumentInputError is a fine answer; the fuzz test checks that nothing else is thrown
    }
    return performance.now() - started;
  });
}
const slowest = (ms: number[]) => `slowest < ${SLOWEST_GOAL_MS} ms: ${Math.max(...ms) < SLOWEST_GOAL_MS ? 'met' : 'NOT met'}`;
const degenerate = degenerateInputs();
const degenerateMs = eachOnce(degenerate);
rows.push({ input: 'degenerate inputs, each once', size: `${degenerate.length} inputs`, part: 'engine', ms: degenerateMs, goal: slowest(degenerateMs) });
const fuzzRandom = seededRandom(20240718);
const fuzzSeedTexts = fuzzSeeds();
const fuzzInputs = [
  ...Array.from({ length: 2500 }, () => randomText(fuzzRandom)),
  ...Array.from({ length: 1500 }, (_, i) => mutate(fuzzSeedTexts[i % fuzzSeedTexts.length], fuzzRandom)),
];
const fuzzMs = eachOnce(fuzzInputs);
rows.push({ input: 'fuzz inputs (random and mutated), each once', size: `${fuzzInputs.length.toLocaleString('en')} inputs`, part: 'engine', ms: fuzzMs, goal: slowest(fuzzMs) });

function report(): string {
  const header = '| input | size | part | runs | median | min – max | × baseline | goal |\n|---|---|---|---|---|---|---|---|';
  const lines = rows.map((r) => {
    const base = rows.find((b) => b.input === r.input && b.part === 'baseline');
    const ratio = base ? (median(r.ms) / median(base.ms)).toFixed(1) : '';
    return `| ${r.input} | ${r.size} | ${r.part} | ${r.ms.length} | ${fmt(median(r.ms))} | ${fmt(Math.min(...r.ms))} – ${fmt(Math.max(...r.ms))} | ${ratio} | ${r.goal ?? ''} |`;
  });
  return [
    `Run ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}.`,
    `\`parseDocumentText\` on text already in memory, ${WARMUP} warm-up runs then the median of ${RUNS}. Baseline: \`text.split('\\n')\` and one marker regex per line — no levels, headings, metadata or clean-up. The generated decision parses to ${check.nodes.length} parts and ${articles} articles.`,
    '',
    header,
    ...lines,
  ].join('\n');
}


const body = report();
console.log(body);
writeSection('documents', `## Documents\n\n${body}`);
