import { Value } from 'typebox/value';
import { bilingual } from '../../lib/bilingual.ts';
import type { FieldIssue } from '../../lib/errors.ts';
import { ChainFileSchema, CHAIN_FORMAT, CHAIN_FORMAT_VERSION, type ChainFile, type Stage } from './atlas.chain-format.domain.ts';

/** A segment as stored: its stage resolved (a sub-segment is in its parent's), its lists never absent. */
export interface ChainSegment {
  key: string;
  parent: string | null;
  stage: Stage;
  name: string;
  nameEn: string | null;
  description: string | null;
  industryCodes: string[];
  products: string[];
  technologies: string[];
}

export interface ChainEdge {
  from: string;
  to: string;
  note: string | null;
}

/** One version of a chain, checked: segments ordered parents first (otherwise as in the file), edges as in the file. */
export interface ChainDefinition {
  key: string;
  name: string;
  nameEn: string | null;
  label: string | null;
  description: string | null;
  sources: { title: string; url?: string; note?: string }[];
  segments: ChainSegment[];
  edges: ChainEdge[];
}

/** What reading a chain file gave: the definition, or every problem found, each naming its JSON path. */
export type ChainReading = { ok: true; chain: ChainDefinition } | { ok: false; issues: FieldIssue[] };

const MAX_ISSUES = 200;

/** `/segments/3/parent` → `segments[3].parent`. */
function jsonPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out || '$';
}

/** The schema's complaints, one per JSON path (the first, which is the most specific). */
function schemaIssues(value: unknown): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const e of Value.Errors(ChainFileSchema, value)) {
    const missing = e.keyword === 'required' ? (e.params as { requiredProperties?: string[] }).requiredProperties : undefined;
    const paths = missing?.length ? missing.map((p) => `${e.instancePath}/${p}`) : [e.instancePath];
    for (const p of paths) {
      const field = jsonPath(p);
      if (seen.has(field)) continue;
      seen.add(field);
      out.push({ field, message: missing ? bilingual('缺少此项', 'is required') : schemaMessage(e.keyword, e.params as Record<string, unknown>, e.message) });
      if (out.length >= MAX_ISSUES) return out;
    }
  }
  return out;
}

function schemaMessage(keyword: string, params: Record<string, unknown>, message: string): string {
  switch (keyword) {
    case 'pattern':
      return bilingual(`格式不符（${String(params.pattern)}）`, `does not match ${String(params.pattern)}`);
    case 'enum':
      return bilingual(`应为 ${(params.allowedValues as string[]).join('、')} 之一`, `must be one of ${(params.allowedValues as string[]).join(', ')}`);
    case 'const':
      return bilingual(`应为 ${JSON.stringify(params.allowedValue)}`, `must be ${JSON.stringify(params.allowedValue)}`);
    case 'type':
      return bilingual(`类型应为 ${String(params.type)}`, `must be of type ${String(params.type)}`);
    case 'minLength':
    case 'minItems':
      return bilingual('不能为空', 'must not be empty');
    case 'maxLength':
    case 'maxItems':
      return bilingual(`过长（最多 ${String(params.limit)}）`, `too long (at most ${String(params.limit)})`);
    default:
      return bilingual(message, message);
  }
}

/**
 * Reads a parsed chain file: the schema (docs/atlas-chain.schema.json) first, then what a schema cannot say —
 * duplicate segment ids, parents and edge ends that name no segment, cycles in the tree and in the supply edges,
 * a sub-segment in another stage than its parent, a top-level segment without a stage, duplicate edges.
 * Each problem names its JSON path (`segments[12].parent`).
 */
export function readChainFile(value: unknown): ChainReading {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, issues: [{ field: '$', message: bilingual('应为一个 JSON 对象', 'must be a JSON object') }] };
  }
  const head = value as Record<string, unknown>;
  if (head.format !== CHAIN_FORMAT || head.formatVersion !== CHAIN_FORMAT_VERSION) {
    const field = head.format !== CHAIN_FORMAT ? 'format' : 'formatVersion';
    return {
      ok: false,
      issues: [{ field, message: bilingual(`不是产业链交换格式（应为 format "${CHAIN_FORMAT}"、formatVersion ${CHAIN_FORMAT_VERSION}）`, `not a chain file (format "${CHAIN_FORMAT}", formatVersion ${CHAIN_FORMAT_VERSION} expected)`) }],
    };
  }
  if (!Value.Check(ChainFileSchema, value)) return { ok: false, issues: schemaIssues(value) };
  const file = value as ChainFile;
  const issues: FieldIssue[] = [];
  const add = (field: string, zh: string, en: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ field, message: bilingual(zh, en) });
  };

  const index = new Map<string, number>();
  file.segments.forEach((s, i) => {
    const first = index.get(s.id);
    if (first !== undefined) add(`segments[${i}].id`, `环节编号 ${s.id} 重复（与 segments[${first}] 相同）`, `segment id ${s.id} is used twice (also segments[${first}])`);
    else index.set(s.id, i);
  });
  file.segments.forEach((s, i) => {
    if (s.parent == null) {
      if (!s.stage) add(`segments[${i}].stage`, '顶层环节须注明阶段（upstream、midstream 或 downstream）', 'a top-level segment needs a stage (upstream, midstream or downstream)');
    } else if (!index.has(s.parent)) add(`segments[${i}].parent`, `上级环节 ${s.parent} 不存在`, `parent ${s.parent} is not a segment of this file`);
    else if (s.parent === s.id) add(`segments[${i}].parent`, '环节不能是自己的上级', 'a segment cannot be its own parent');
  });

  // Cycles in the tree: follow each segment's parents; a walk that comes back to a segment on its own path is a cycle.
  const state = new Map<string, 'walking' | 'rooted'>();
  const stageOf = new Map<string, Stage | undefined>();
  for (const s of file.segments) {
    if (state.has(s.id)) continue;
    const path: string[] = [];
    let at: string | null | undefined = s.id;
    while (at != null && !state.has(at) && index.has(at)) {
      state.set(at, 'walking');
      path.push(at);
      at = file.segments[index.get(at)!]!.parent;
    }
    if (at != null && state.get(at) === 'walking' && path.includes(at)) {
      const loop = path.slice(path.indexOf(at));
      if (loop.length > 1) {
        add(`segments[${index.get(at)!}].parent`, `上下级成环：${[...loop, at].join(' → ')}`, `the parents form a cycle: ${[...loop, at].join(' → ')}`);
      }
    }
    for (const k of path) state.set(k, 'rooted');
  }
  if (issues.length) return { ok: false, issues };

  // Stages: a sub-segment inherits its parent's; one that names another stage is a mistake.
  const resolveStage = (id: string): Stage | undefined => {
    if (stageOf.has(id)) return stageOf.get(id);
    const chainUp: string[] = [];
    let at: string | null | undefined = id;
    let stage: Stage | undefined;
    while (at != null) {
      if (stageOf.has(at)) {
        stage = stageOf.get(at);
        break;
      }
      chainUp.push(at);
      const seg: ChainFile['segments'][number] = file.segments[index.get(at)!]!;
      if (seg.parent == null) {
        stage = seg.stage;
        break;
      }
      at = seg.parent;
    }
    for (const k of chainUp) stageOf.set(k, stage);
    return stage;
  };
  file.segments.forEach((s, i) => {
    if (s.parent == null || !s.stage) return;
    const parentStage = resolveStage(s.parent);
    if (parentStage && parentStage !== s.stage) {
      add(`segments[${i}].stage`, `下级环节的阶段（${s.stage}）与上级 ${s.parent}（${parentStage}）不同`, `stage ${s.stage} differs from its parent ${s.parent}'s (${parentStage})`);
    }
  });

  const edges = file.edges ?? [];
  const edgeAt = new Map<string, number>();
  edges.forEach((e, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!index.has(e[end])) add(`edges[${i}].${end}`, `环节 ${e[end]} 不存在`, `${e[end]} is not a segment of this file`);
    }
    if (e.from === e.to) add(`edges[${i}].to`, '供应关系不能指向自身', 'a segment cannot supply itself');
    const k = `${e.from}\u0000${e.to}`;
    const first = edgeAt.get(k);
    if (first !== undefined) add(`edges[${i}]`, `供应关系 ${e.from} → ${e.to} 重复（与 edges[${first}] 相同）`, `edge ${e.from} → ${e.to} is listed twice (also edges[${first}])`);
    else edgeAt.set(k, i);
  });
  // Cycles among the edges that are sound, so that a file with a missing segment also shows its cycles.
  const sound = [...edgeAt.values()].filter((i) => index.has(edges[i]!.from) && index.has(edges[i]!.to) && edges[i]!.from !== edges[i]!.to);
  for (const cycle of supplyCycles(sound.map((i) => edges[i]!))) {
    const loop = cycle.map((i) => edges[sound[i]!]!.from);
    add(`edges[${sound[cycle[cycle.length - 1]!]!}]`, `供应关系成环：${[...loop, loop[0]].join(' → ')}`, `the supply edges form a cycle: ${[...loop, loop[0]].join(' → ')}`);
  }
  if (issues.length) return { ok: false, issues };

  // Parents before children, otherwise in file order, so rows can be inserted in one pass.
  const ordered: ChainSegment[] = [];
  const placed = new Set<string>();
  const children = new Map<string | null, ChainFile['segments']>();
  for (const s of file.segments) {
    const p = s.parent ?? null;
    if (!children.has(p)) children.set(p, []);
    children.get(p)!.push(s);
  }
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length) {
    const s = stack.pop()!;
    if (placed.has(s.id)) continue;
    placed.add(s.id);
    ordered.push({
      key: s.id,
      parent: s.parent ?? null,
      stage: resolveStage(s.id)!,
      name: s.name.trim(),
      nameEn: s.nameEn ?? null,
      description: s.description ?? null,
      industryCodes: s.industryCodes ?? [],
      products: s.products ?? [],
      technologies: s.technologies ?? [],
    });
    stack.push(...[...(children.get(s.id) ?? [])].reverse());
  }
  return {
    ok: true,
    chain: {
      key: file.chain.id,
      name: file.chain.name.trim(),
      nameEn: file.chain.nameEn ?? null,
      label: file.chain.version ?? null,
      description: file.chain.description ?? null,
      sources: file.chain.sources ?? [],
      segments: ordered,
      edges: edges.map((e) => ({ from: e.from, to: e.to, note: e.note ?? null })),
    },
  };
}

/**
 * Cycles among supply edges, each as the indices of its edges in order (at most a few: one per strongly connected
 * part is enough for a person to find and break). Iterative depth-first search, so 5,000 edges cannot overflow the stack.
 */
export function supplyCycles(edges: readonly { from: string; to: string }[], limit = 10): number[][] {
  const out = new Map<string, number[]>();
  edges.forEach((e, i) => {
    if (!out.has(e.from)) out.set(e.from, []);
    out.get(e.from)!.push(i);
  });
  const colour = new Map<string, 1 | 2>();
  const cycles: number[][] = [];
  for (const start of out.keys()) {
    if (colour.has(start) || cycles.length >= limit) continue;
    // Frames: node, index of its next edge to try, edge taken to reach it.
    const stack: { node: string; next: number; via: number }[] = [{ node: start, next: 0, via: -1 }];
    colour.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const list = out.get(top.node) ?? [];
      if (top.next >= list.length) {
        colour.set(top.node, 2);
        stack.pop();
        continue;
      }
      const ei = list[top.next++]!;
      const to = edges[ei]!.to;
      const c = colour.get(to);
      if (c === undefined) {
        colour.set(to, 1);
        stack.push({ node: to, next: 0, via: ei });
      } else if (c === 1 && cycles.length < limit) {
        const from = stack.findIndex((f) => f.node === to);
        cycles.push([...stack.slice(from + 1).map((f) => f.via), ei]);
      }
    }
  }
  return cycles;
}

/** A file of a stored chain version (what `luoshi atlas chain export` writes). */
export function chainToFile(chain: ChainDefinition): ChainFile {
  return {
    format: CHAIN_FORMAT,
    formatVersion: CHAIN_FORMAT_VERSION,
    chain: {
      id: chain.key,
      name: chain.name,
      ...(chain.nameEn ? { nameEn: chain.nameEn } : {}),
      ...(chain.label ? { version: chain.label } : {}),
      ...(chain.description ? { description: chain.description } : {}),
      ...(chain.sources.length ? { sources: chain.sources } : {}),
    },
    segments: chain.segments.map((s) => ({
      id: s.key,
      name: s.name,
      ...(s.nameEn ? { nameEn: s.nameEn } : {}),
      ...(s.parent ? { parent: s.parent } : { stage: s.stage }),
      ...(s.industryCodes.length ? { industryCodes: s.industryCodes } : {}),
      ...(s.products.length ? { products: s.products } : {}),
      ...(s.technologies.length ? { technologies: s.technologies } : {}),
      ...(s.description ? { description: s.description } : {}),
    })),
    edges: chain.edges.map((e) => ({ from: e.from, to: e.to, ...(e.note ? { note: e.note } : {}) })),
  };
}
