import { describe, expect, it } from 'vitest';
import {
  addChild,
  availableEdits,
  emptyNode,
  emptyNodeIds,
  findNode,
  idMaker,
  indent,
  insertAfter,
  mergeWithPrevious,
  moveDown,
  moveUp,
  nodeAsText,
  outdent,
  remove,
  sourceRange,
  splitAt,
  toEditorTree,
  toPlanNodes,
  updateNode,
  type EditorNode,
  type SourceNode,
} from './plan-tree.ts';

const n = (marker: string, heading: string, text = '', children: SourceNode[] = [], kind = 'article', sourceLine: number | null = null): SourceNode => ({
  kind,
  marker,
  heading,
  text,
  sourceLine,
  children,
});

/** 一、 with （一）（二）（三）, then 二、 with （一）. */
function sample(): EditorNode[] {
  return toEditorTree(
    [
      n('一、', '总体要求', '', [n('（一）', '指导思想', '坚持……', [], 'article', 3), n('（二）', '主要目标', '到2025年……', [], 'article', 5), n('（三）', '工作原则', '', [], 'article', 7)], 'part', 1),
      n('二、', '重点任务', '', [n('（一）', '绘制图谱', '梳理环节。\n2024年6月底前完成。', [], 'article', 11)], 'part', 9),
    ],
    idMaker(),
  );
}

const labels = (tree: EditorNode[]): unknown[] => tree.map((x) => (x.children.length ? [x.marker + x.heading, labels(x.children)] : x.marker + x.heading));
const idOf = (tree: EditorNode[], label: string, under?: string): string => {
  const walk = (list: EditorNode[], parent: string | null): string | undefined => {
    for (const x of list) {
      if (x.marker + x.heading === label && (under === undefined || under === parent)) return x.id;
      const inner = walk(x.children, x.marker + x.heading);
      if (inner) return inner;
    }
    return undefined;
  };
  const id = walk(tree, null);
  if (!id) throw new Error(`no node ${label}`);
  return id;
};

describe('toEditorTree and toPlanNodes', () => {
  it('gives every node an editor id and drops it again for the server, keeping stored keys', () => {
    const tree = toEditorTree([{ ...n('一、', 'A', '', [n('（一）', 'B')]), key: 'k-1' }], idMaker('x'));
    expect(tree[0].id).toBe('x1');
    expect(tree[0].children[0].id).toBe('x2');
    const back = toPlanNodes(tree);
    expect(back[0]).toEqual({ key: 'k-1', kind: 'article', marker: '一、', heading: 'A', text: '', ordinal: null, sourceLine: null, children: [expect.objectContaining({ marker: '（一）' })] });
    expect(back[0].children[0]).not.toHaveProperty('key');
    expect(JSON.stringify(back)).not.toContain('"id"');
  });
});

describe('moving nodes', () => {
  it('moves a node up and down among its siblings and leaves the ends alone', () => {
    const tree = sample();
    const second = idOf(tree, '（二）主要目标');
    expect(labels(moveUp(tree, second))[0]).toEqual(['一、总体要求', ['（二）主要目标', '（一）指导思想', '（三）工作原则']]);
    expect(labels(moveDown(tree, second))[0]).toEqual(['一、总体要求', ['（一）指导思想', '（三）工作原则', '（二）主要目标']]);
    const first = idOf(tree, '一、总体要求');
    expect(moveUp(tree, first)).toBe(tree);
    expect(moveDown(tree, idOf(tree, '二、重点任务'))).toBe(tree);
  });

  it('does not change the tree it was given', () => {
    const tree = sample();
    const before = JSON.stringify(tree);
    moveUp(tree, idOf(tree, '（二）主要目标'));
    indent(tree, idOf(tree, '（三）工作原则'));
    mergeWithPrevious(tree, idOf(tree, '（二）主要目标'));
    expect(JSON.stringify(tree)).toBe(before);
  });
});

describe('indent and outdent', () => {
  it('indents a node under its previous sibling, taking the kind of its new siblings', () => {
    const tree = sample();
    const next = indent(tree, idOf(tree, '二、重点任务'));
    expect(labels(next)).toEqual([['一、总体要求', ['（一）指导思想', '（二）主要目标', '（三）工作原则', ['二、重点任务', ['（一）绘制图谱']]]]]);
    expect(findNode(next, idOf(tree, '二、重点任务'))).toMatchObject({ depth: 2, node: { kind: 'article' } });
  });

  it('cannot indent a first child', () => {
    const tree = sample();
    expect(indent(tree, idOf(tree, '（一）指导思想'))).toBe(tree);
    expect(availableEdits(tree, idOf(tree, '（一）指导思想'))).toMatchObject({ indent: false, outdent: true, moveUp: false, merge: true });
  });

  it('outdents a node to right after its parent, the later siblings staying with the parent', () => {
    const tree = sample();
    const id = idOf(tree, '（二）主要目标');
    const next = outdent(tree, id);
    expect(labels(next)).toEqual([['一、总体要求', ['（一）指导思想', '（三）工作原则']], '（二）主要目标', ['二、重点任务', ['（一）绘制图谱']]]);
    expect(findNode(next, id)).toMatchObject({ depth: 1, index: 1, node: { kind: 'part' } });
    // A top-level node has nowhere to go.
    expect(outdent(next, id)).toBe(next);
  });

  it('undoes an indent with an outdent', () => {
    const tree = sample();
    const id = idOf(tree, '（三）工作原则');
    expect(labels(outdent(indent(tree, id), id))).toEqual(labels(tree));
  });
});

describe('mergeWithPrevious', () => {
  it('folds a node into its previous sibling as a paragraph, heading run into its text', () => {
    const tree = sample();
    const next = mergeWithPrevious(tree, idOf(tree, '（二）主要目标'));
    const first = findNode(next, idOf(tree, '（一）指导思想'))!.node;
    expect(first.text).toBe('坚持……\n（二）主要目标。到2025年……');
    expect(labels(next)[0]).toEqual(['一、总体要求', ['（一）指导思想', '（三）工作原则']]);
  });

  it('keeps the merged node’s children after the sibling’s own', () => {
    const tree = sample();
    const next = mergeWithPrevious(tree, idOf(tree, '二、重点任务'));
    expect(labels(next)).toEqual([['一、总体要求', ['（一）指导思想', '（二）主要目标', '（三）工作原则', '（一）绘制图谱']]]);
    expect(next[0].text).toBe('二、重点任务');
  });

  it('folds a first child into its parent, its children taking its place', () => {
    const tree = toEditorTree([n('一、', '总体要求', '', [n('1.', '指导思想', '坚持', [n('（1）', '细则')])])], idMaker());
    const next = mergeWithPrevious(tree, tree[0].children[0].id);
    expect(next[0].text).toBe('1.指导思想。坚持');
    expect(labels(next)).toEqual([['一、总体要求', ['（1）细则']]]);
  });

  it('does nothing for the first node at the top', () => {
    const tree = sample();
    expect(mergeWithPrevious(tree, tree[0].id)).toBe(tree);
  });

  it('adds no full stop after a heading that ends in punctuation', () => {
    expect(nodeAsText({ marker: '1.', heading: '目标：', text: '到2025年' })).toBe('1.目标：到2025年');
    expect(nodeAsText({ marker: '', heading: '', text: '正文' })).toBe('正文');
    expect(nodeAsText({ marker: '（三）', heading: '原则', text: '' })).toBe('（三）原则');
  });
});

describe('splitAt', () => {
  it('splits a node’s text at a paragraph into a new node of the same kind right after it', () => {
    const tree = sample();
    const id = idOf(tree, '（一）绘制图谱');
    const next = splitAt(tree, id, 1, 'new');
    const place = findNode(next, 'new')!;
    expect(place.node).toMatchObject({ kind: 'article', marker: '', heading: '', text: '2024年6月底前完成。', sourceLine: null });
    expect(place.index).toBe(1);
    expect(findNode(next, id)!.node.text).toBe('梳理环节。');
  });

  it('refuses a split before the first or after the last paragraph', () => {
    const tree = sample();
    const id = idOf(tree, '（一）绘制图谱');
    expect(splitAt(tree, id, 0, 'x')).toBe(tree);
    expect(splitAt(tree, id, 2, 'x')).toBe(tree);
  });
});

describe('editing, adding and removing', () => {
  it('changes marker, heading and text of one node only', () => {
    const tree = sample();
    const id = idOf(tree, '（一）绘制图谱');
    const next = updateNode(tree, id, { heading: '绘制产业链图谱', text: '' });
    expect(findNode(next, id)!.node).toMatchObject({ marker: '（一）', heading: '绘制产业链图谱', text: '' });
    expect(next[0]).toBe(tree[0]);
  });

  it('removes a node with its children', () => {
    const tree = sample();
    expect(labels(remove(tree, tree[0].id))).toEqual([['二、重点任务', ['（一）绘制图谱']]]);
  });

  it('inserts a sibling after a node and a child at the end', () => {
    const tree = sample();
    const afterFirst = insertAfter(tree, idOf(tree, '（一）指导思想'), { ...emptyNode('a'), marker: '（新）' });
    expect(labels(afterFirst)[0]).toEqual(['一、总体要求', ['（一）指导思想', '（新）', '（二）主要目标', '（三）工作原则']]);
    const child = addChild(tree, tree[1].id, { ...emptyNode('b'), marker: '（二）' });
    expect(labels(child)[1]).toEqual(['二、重点任务', ['（一）绘制图谱', '（二）']]);
    expect(labels(insertAfter(tree, null, { ...emptyNode('c'), marker: '三、' }))).toHaveLength(3);
  });

  it('finds the empty nodes the server would refuse', () => {
    const tree = insertAfter(sample(), null, emptyNode('empty'));
    expect(emptyNodeIds(tree)).toEqual(['empty']);
  });
});

describe('sourceRange', () => {
  it('runs from a node’s line to the line before the next node with a line', () => {
    const tree = sample();
    expect(sourceRange(tree, (x) => x.id === idOf(tree, '（三）工作原则'), 20)).toEqual({ from: 7, to: 8 });
    expect(sourceRange(tree, (x) => x.id === tree[0].id, 20)).toEqual({ from: 1, to: 2 });
    expect(sourceRange(tree, (x) => x.id === idOf(tree, '（一）绘制图谱'), 20)).toEqual({ from: 11, to: 20 });
  });

  it('is null for a node added in the editor', () => {
    const tree = insertAfter(sample(), null, emptyNode('new'));
    expect(sourceRange(tree, (x) => x.id === 'new', 20)).toBeNull();
  });
});
