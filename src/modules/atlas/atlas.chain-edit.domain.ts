import { bilingual } from '../../lib/bilingual.ts';
import type { FieldIssue } from '../../lib/errors.ts';
import { chainToFile, readChainFile, supplyCycles, type ChainDefinition } from './atlas.chain.domain.ts';
import type { ChainFile, ChainFileSegment, Stage } from './atlas.chain-format.domain.ts';

/** The fields of a segment a person edits (the exchange format's, without its id and place in the tree). */
export interface SegmentFields {
  name?: string;
  nameEn?: string | null;
  description?: string | null;
  industryCodes?: string[];
  products?: string[];
  technologies?: string[];
}

/** One change to a chain made in the map's editor; a batch of them makes one new version. */
export type ChainEdit =
  | { op: 'addSegment'; segment: SegmentFields & { name: string; key?: string; parent?: string | null; stage?: Stage } }
  | { op: 'updateSegment'; key: string; set: SegmentFields }
  | { op: 'moveSegment'; key: string; parent: string | null; stage?: Stage }
  | { op: 'removeSegment'; key: string }
  | { op: 'addEdge'; from: string; to: string; note?: string | null }
  | { op: 'removeEdge'; from: string; to: string };

/** What applying edits gave: the next version as an exchange file (checked by `readChainFile`), or every problem. */
export type EditOutcome =
  | { ok: true; chain: ChainDefinition; removedSegments: string[]; addedSegments: string[] }
  | { ok: false; issues: FieldIssue[] };

/**
 * Applies the editor's changes to a chain version and checks the result exactly as a file import is checked
 * (`readChainFile`), so an edited chain can always be exported and imported again. Problems the editor can name
 * better than the file check (a segment or parent that does not exist, a segment with sub-segments removed, a
 * supply cycle) are reported first, by edit (`edits[2].parent`) and by segment name.
 * @example applyChainEdits(v3, [{ op: 'addEdge', from: 'wafer', to: 'pkg' }])
 */
export function applyChainEdits(current: ChainDefinition, edits: readonly ChainEdit[]): EditOutcome {
  const file = chainToFile(current);
  const segments: ChainFileSegment[] = file.segments.map((s) => ({ ...s }));
  let edges = (file.edges ?? []).map((e) => ({ ...e }));
  const issues: FieldIssue[] = [];
  const add = (field: string, zh: string, en: string) => issues.push({ field, message: bilingual(zh, en) });
  const find = (key: string) => segments.find((s) => s.id === key);
  const label = (key: string) => {
    const s = find(key);
    return s ? `${s.name}（${key}）` : key;
  };
  const stageOf = (key: string): Stage | undefined => {
    const seen = new Set<string>();
    for (let s = find(key); s && !seen.has(s.id); s = s.parent ? find(s.parent) : undefined) {
      seen.add(s.id);
      if (!s.parent) return s.stage;
    }
    return undefined;
  };
  const isUnder = (key: string, ancestor: string) => {
    const seen = new Set<string>();
    for (let s = find(key); s?.parent && !seen.has(s.id); s = find(s.parent)) {
      seen.add(s.id);
      if (s.parent === ancestor) return true;
    }
    return false;
  };
  const setFields = (s: ChainFileSegment, f: SegmentFields) => {
    if (f.name !== undefined) s.name = f.name.trim();
    for (const k of ['nameEn', 'description'] as const) {
      if (f[k] === undefined) continue;
      const v = f[k]?.trim();
      if (v) s[k] = v;
      else delete s[k];
    }
    for (const k of ['industryCodes', 'products', 'technologies'] as const) {
      if (f[k] === undefined) continue;
      const list = [...new Set(f[k]!.map((x) => x.trim()).filter(Boolean))];
      if (list.length) s[k] = list;
      else delete s[k];
    }
  };
  /** Puts `s` under `parent` (or at the top, in `stage`); false when the place does not exist. */
  const place = (s: ChainFileSegment, at: string, parent: string | null | undefined, stage: Stage | undefined): boolean => {
    if (parent) {
      if (!find(parent)) {
        add(`${at}.parent`, `上级环节 ${parent} 不存在`, `the parent segment ${parent} does not exist`);
        return false;
      }
      if (parent === s.id || isUnder(parent, s.id)) {
        add(`${at}.parent`, `不能把环节 ${label(s.id)} 移到它自己或其下级 ${label(parent)} 之下`, `${label(s.id)} cannot go under itself or its own sub-segment ${label(parent)}`);
        return false;
      }
      const parentStage = stageOf(parent);
      if (stage && parentStage && stage !== parentStage) {
        add(`${at}.stage`, `下级环节随上级 ${label(parent)} 在${STAGE_ZH[parentStage]}，不能设为${STAGE_ZH[stage]}`, `a sub-segment is in its parent ${label(parent)}'s stage (${parentStage}), not ${stage}`);
        return false;
      }
      s.parent = parent;
      delete s.stage;
      return true;
    }
    const top = stage ?? stageOf(s.id);
    if (!top) {
      add(`${at}.stage`, '顶层环节须指定阶段（上游、中游或下游）', 'a top-level segment needs a stage (upstream, midstream or downstream)');
      return false;
    }
    delete s.parent;
    s.stage = top;
    return true;
  };
  const removed: string[] = [];
  const added: string[] = [];
  const addedEdges = new Map<string, number>();
  const edgeKey = (from: string, to: string) => `${from}\u0000${to}`;

  edits.forEach((edit, i) => {
    const at = `edits[${i}]`;
    const needSegment = (key: string, field = 'key') => {
      if (find(key)) return true;
      add(`${at}.${field}`, `环节 ${key} 不存在（可能已被删除或改动，请刷新）`, `segment ${key} does not exist (it may have been removed: reload)`);
      return false;
    };
    switch (edit.op) {
      case 'addSegment': {
        const f = edit.segment;
        const key = f.key?.trim() || newKey(segments, f.parent ?? f.stage ?? 'segment');
        if (find(key)) {
          add(`${at}.segment.key`, `环节编号 ${key} 已被 ${label(key)} 使用`, `segment id ${key} is already used by ${label(key)}`);
          return;
        }
        const s: ChainFileSegment = { id: key, name: '' };
        setFields(s, f);
        if (!place(s, `${at}.segment`, f.parent ?? null, f.stage)) return;
        segments.push(s);
        added.push(key);
        return;
      }
      case 'updateSegment': {
        if (needSegment(edit.key)) setFields(find(edit.key)!, edit.set);
        return;
      }
      case 'moveSegment': {
        if (needSegment(edit.key)) place(find(edit.key)!, at, edit.parent, edit.stage);
        return;
      }
      case 'removeSegment': {
        if (!needSegment(edit.key)) return;
        const children = segments.filter((s) => s.parent === edit.key);
        if (children.length) {
          const names = children.slice(0, 5).map((c) => c.name).join('、') + (children.length > 5 ? ' …' : '');
          add(`${at}.key`, `环节 ${label(edit.key)} 还有 ${children.length} 个下级环节（${names}），请先移走或删除它们`, `${label(edit.key)} has ${children.length} sub-segment(s) (${names}); move or remove them first`);
          return;
        }
        segments.splice(segments.findIndex((s) => s.id === edit.key), 1);
        edges = edges.filter((e) => e.from !== edit.key && e.to !== edit.key);
        if (added.includes(edit.key)) added.splice(added.indexOf(edit.key), 1);
        else removed.push(edit.key);
        return;
      }
      case 'addEdge': {
        if (!needSegment(edit.from, 'from') || !needSegment(edit.to, 'to')) return;
        if (edit.from === edit.to) {
          add(`${at}.to`, '环节不能供应它自己', 'a segment cannot supply itself');
          return;
        }
        if (edges.some((e) => e.from === edit.from && e.to === edit.to)) {
          add(`${at}`, `供应关系 ${label(edit.from)} → ${label(edit.to)} 已经存在`, `${label(edit.from)} already supplies ${label(edit.to)}`);
          return;
        }
        const note = edit.note?.trim();
        edges.push({ from: edit.from, to: edit.to, ...(note ? { note } : {}) });
        addedEdges.set(edgeKey(edit.from, edit.to), i);
        return;
      }
      case 'removeEdge': {
        const before = edges.length;
        edges = edges.filter((e) => e.from !== edit.from || e.to !== edit.to);
        if (edges.length === before) add(at, `没有供应关系 ${label(edit.from)} → ${label(edit.to)}`, `there is no supply edge ${label(edit.from)} → ${label(edit.to)}`);
        return;
      }
    }
  });
  if (issues.length) return { ok: false, issues };

  for (const cycle of supplyCycles(edges, 3)) {
    const loop = cycle.map((ei) => edges[ei]!.from);
    const names = [...loop, loop[0]!].map((k) => find(k)?.name ?? k).join(' → ');
    const by = cycle.map((ei) => addedEdges.get(edgeKey(edges[ei]!.from, edges[ei]!.to))).find((x) => x !== undefined);
    add(by === undefined ? 'edges' : `edits[${by}]`, `供应关系会成环：${names}。上游不能反过来由下游供应，请去掉其中一条`, `the supply edges would form a cycle: ${names}. Remove one of them`);
  }
  if (issues.length) return { ok: false, issues };

  const next: ChainFile = { ...file, segments, edges };
  const reading = readChainFile(next);
  if (!reading.ok) {
    // The file check names JSON paths of a file nobody sees: name the segment or edge instead.
    const where = (field: string) =>
      field
        .replace(/^segments\[(\d+)\]/, (_, n: string) => `segment ${segments[Number(n)]?.id ?? n}`)
        .replace(/^edges\[(\d+)\]/, (_, n: string) => `edge ${edges[Number(n)]?.from ?? ''} → ${edges[Number(n)]?.to ?? ''}`);
    return { ok: false, issues: reading.issues.map((x) => ({ ...x, field: where(x.field) })) };
  }
  return { ok: true, chain: reading.chain, removedSegments: removed, addedSegments: added };
}

const STAGE_ZH: Record<Stage, string> = { upstream: '上游', midstream: '中游', downstream: '下游' };

/** An unused segment id under `base` (the parent's id, or the stage): `wafer.1`, `wafer.2` … */
function newKey(segments: readonly { id: string }[], base: string): string {
  const stem = base.slice(0, 90);
  const used = new Set(segments.map((s) => s.id));
  let n = 1;
  while (used.has(`${stem}.${n}`)) n++;
  return `${stem}.${n}`;
}
