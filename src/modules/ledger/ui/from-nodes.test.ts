import { describe, expect, it } from 'vitest';
import { pickTree, taskKeys } from './from-nodes.ts';
import type { EditorNode } from './plan-tree.ts';

const node = (key: string, marker: string, heading: string, children: EditorNode[] = []): EditorNode => ({ id: key, key, kind: 'article', marker, heading, text: '', ordinal: null, sourceLine: null, children });
const tree = [node('p1', '一、', '总体要求', [node('a1', '（一）', '指导思想'), node('a2', '（二）', '工作目标')]), node('p2', '二、', '重点任务', [node('a3', '（三）', '绘制图谱')])];

describe('picking nodes to make tasks from', () => {
  it('a ticked part stands for its items; the part itself is no task', () => {
    const pick = pickTree(tree, '', []);
    expect(taskKeys(pick, ['p1', 'a1', 'a2', 'a3'])).toEqual(['a1', 'a2', 'a3']);
    expect(taskKeys(pick, ['p2', 'a3'])).toEqual(['a3']);
    // Ticked alone (its items all have a task, so they stay unticked), a part makes no task of itself.
    expect(taskKeys(pick, ['p2'])).toEqual([]);
  });

  it('lists the closing paragraphs under 结束语 and marks what already has a task', () => {
    const pick = pickTree(tree, '各区要于3月底前报送方案。\n本意见自印发之日起施行。', [
      { node_keys: ['a1'], group_path: ['一、总体要求'] },
      { node_keys: [], group_path: ['结束语'], extra: { 条目原文: '各区要于3月底前报送方案。' } },
    ]);
    expect(pick[2]).toMatchObject({ key: 'closing', title: '结束语', children: [{ key: 'closing-1', hasTask: true }, { key: 'closing-2', hasTask: false }] });
    expect(pick[0].children.map((c) => c.hasTask)).toEqual([true, false]);
    expect(taskKeys(pick, ['closing', 'closing-1', 'closing-2'])).toEqual(['closing-1', 'closing-2']);
  });
});
