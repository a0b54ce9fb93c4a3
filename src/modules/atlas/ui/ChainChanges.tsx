import { Descriptions, List, Typography } from 'antd';
import { getLocale, useMessages } from '../../../web/i18n.ts';
import { segmentLabel } from '../atlas.chain-diff.domain.ts';
import { atlasMessages } from './atlas.messages.ts';

const CHANGE_KINDS = ['chainChanged', 'segmentsAdded', 'segmentsRemoved', 'segmentsRenamed', 'segmentsMoved', 'segmentsChanged', 'edgesAdded', 'edgesRemoved'] as const;

type Key = keyof typeof atlasMessages;
type T = (key: Key) => string;

/** Where a segment sits: under its parent (by name, with its key), or at the top of its stage (上游/中游/下游). */
function place(t: T, parent: unknown, parentName: unknown, stage: unknown): string {
  return parent ? segmentLabel(String(parent), parentName as string | null | undefined) : t(`stage.${String(stage)}` as Key);
}

/** What one change says, in a line: the segment (or edge) and what became of it, in the reader's language. */
function changeLine(t: T, kind: string, c: Record<string, unknown>): string {
  if (kind === 'chainChanged') return `${t(`chainField.${String(c.field)}` as Key)}: ${String(c.from ?? '—')} → ${String(c.to ?? '—')}`;
  // An edge by its segments' names, keys in brackets (a change stored before names were kept: keys alone).
  if (kind.startsWith('edges')) return `${segmentLabel(String(c.from), c.fromName as string | undefined)} → ${segmentLabel(String(c.to), c.toName as string | undefined)}`;
  if (kind === 'segmentsRenamed') return `${String(c.key)}: ${String(c.from)} → ${String(c.to)}`;
  if (kind === 'segmentsMoved') return `${String(c.name)} (${String(c.key)}): ${place(t, c.fromParent, c.fromParentName, c.fromStage)} → ${place(t, c.toParent, c.toParentName, c.toStage)}`;
  if (kind === 'segmentsChanged') return `${String(c.name)} (${String(c.key)}): ${(c.fields as string[]).map((f) => t(`changeField.${f}` as Key)).join(getLocale() === 'zh-CN' ? '、' : ', ')}`;
  return `${String(c.name)} (${String(c.key)})`;
}

/** Whether a change list holds anything. */
export function hasChanges(changes: Partial<Record<string, readonly unknown[]>> | null | undefined): boolean {
  return CHANGE_KINDS.some((k) => (changes?.[k]?.length ?? 0) > 0);
}

/** The changes between two versions of a chain, by kind (the import preview, an adaptation's shared source). */
export function ChainChangesList({ changes, testId }: { changes: Partial<Record<string, readonly object[]>>; testId?: string }) {
  const t = useMessages(atlasMessages);
  return (
    <Descriptions column={1} size="small" bordered data-testid={testId}>
      {CHANGE_KINDS.filter((k) => (changes[k]?.length ?? 0) > 0).map((k) => (
        <Descriptions.Item key={k} label={`${t(`change.${k}`)}（${changes[k]!.length}）`}>
          <List
            size="small"
            dataSource={changes[k]!.slice(0, 20) as Record<string, unknown>[]}
            renderItem={(c) => <List.Item style={{ padding: '2px 0' }}>{changeLine(t, k, c)}</List.Item>}
            footer={changes[k]!.length > 20 ? <Typography.Text type="secondary">…</Typography.Text> : null}
          />
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
