import { describe, expect, it } from 'vitest';
import { buildTree, diffVersions, flattenTree, type PlanTreeNode } from './ledger.versions.domain.ts';

let n = 0;
const newKey = () => `k${++n}`;
const node = (marker: string, heading: string, children: PlanTreeNode[] = [], text = ''): PlanTreeNode => ({ kind: 'item', marker, heading, text, children });

const v1 = flattenTree(
  [
    node('一、', '总体要求', [node('（一）', '指导思想'), node('（二）', '主要目标')]),
    node('二、', '重点任务', [node('（三）', '建设产业链', [], '到2025年……'), node('（四）', '完善服务'), node('（五）', '强化保障')]),
  ],
  newKey,
);

function edit(mutate: (tree: ReturnType<typeof buildTree>) => void) {
  const tree = buildTree(v1);
  mutate(tree);
  return flattenTree(tree, newKey);
}

describe('flattenTree / buildTree', () => {
  it('round-trips a tree and keeps keys', () => {
    const again = flattenTree(buildTree(v1), newKey);
    expect(again).toEqual(v1);
  });
  it('renews a duplicated key', () => {
    const tree = buildTree(v1);
    tree[1].children.push({ ...tree[1].children[0], children: [] });
    const flat = flattenTree(tree, newKey);
    expect(new Set(flat.map((f) => f.key)).size).toBe(flat.length);
  });
});

describe('diffVersions', () => {
  it('reports nothing for an unchanged version', () => {
    expect(diffVersions(v1, edit(() => {}))).toEqual([]);
  });

  it('reports a changed body with before and after', () => {
    const v2 = edit((t) => {
      t[1].children[0].text = '到2027年……';
    });
    expect(diffVersions(v1, v2)).toEqual([
      { change: 'changed', key: expect.any(String), label: '（三）建设产业链', fields: [{ field: 'body', before: '到2025年……', after: '到2027年……' }] },
    ]);
  });

  it('reports added and removed nodes', () => {
    const v2 = edit((t) => {
      t[0].children.splice(1, 1);
      t[1].children.push({ ...node('（六）', '加强督查'), key: 'new', depth: 2 } as (typeof t)[number]);
    });
    const changes = diffVersions(v1, v2).map((c) => [c.change, c.label]);
    expect(changes).toEqual([
      ['added', '（六）加强督查'],
      ['removed', '（二）主要目标'],
    ]);
  });

  it('reports one moved node when a node moves up, and a move to another parent', () => {
    const v2 = edit((t) => {
      const last = t[1].children.pop()!;
      t[1].children.unshift(last);
    });
    expect(diffVersions(v1, v2).map((c) => [c.change, c.label])).toEqual([['moved', '（五）强化保障']]);
    const v3 = edit((t) => {
      const moved = t[1].children.splice(1, 1)[0];
      t[0].children.push(moved);
    });
    const change = diffVersions(v1, v3).find((c) => c.change === 'moved')!;
    expect(change.label).toBe('（四）完善服务');
    expect(change.before!.parentLabel).toBe('二、重点任务');
    expect(change.after!.parentLabel).toBe('一、总体要求');
  });

  it('matches nodes of an independently parsed version by their numbering', () => {
    const reparsed = flattenTree(
      [
        node('一、', '总体要求', [node('（一）', '指导思想'), node('（二）', '主要目标')]),
        node('二、', '重点任务', [node('（三）', '建设现代化产业链', [], '到2025年……'), node('（四）', '完善服务'), node('（五）', '强化保障')]),
      ],
      newKey,
    );
    expect(diffVersions(v1, reparsed).map((c) => [c.change, c.label, c.fields.map((f) => f.field)])).toEqual([['changed', '（三）建设现代化产业链', ['heading']]]);
  });
});
