import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Card, Dropdown, Empty, Flex, Input, Popconfirm, Segmented, Select, Tag, Tooltip, Tree, Typography, theme } from 'antd';
import type { TreeDataNode } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  ScissorOutlined,
  SubnodeOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useMessages } from '../../../web/i18n.ts';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { planMessages } from './plans.messages.ts';
import { SourceText } from './SourceText.tsx';
import {
  addChild,
  availableEdits,
  childKind,
  countNodes,
  emptyNode,
  findNode,
  flatten,
  indent,
  insertAfter,
  mergeWithPrevious,
  moveDown,
  moveUp,
  outdent,
  paragraphs,
  remove,
  sourceRange,
  splitAt,
  updateNode,
  type EditorNode,
} from './plan-tree.ts';

const KINDS = ['part', 'chapter', 'section', 'article', 'item', 'annex'] as const;
type Kind = (typeof KINDS)[number];

/** Props of {@link TreeEditor}. */
export interface TreeEditorProps {
  tree: EditorNode[];
  /** Applies an edit; without it the tree is read-only. `field` groups keystrokes into one undo step. */
  onEdit?: (next: EditorNode[], field?: string) => void;
  onUndo?: () => void;
  canUndo?: boolean;
  newId: () => string;
  sourceText: string | null;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  /** Extra buttons for the selected node (read mode: derive, comment …). */
  nodeActions?: (node: EditorNode) => ReactNode;
  /** Something shown after a node's title in the tree (e.g. a comment count). */
  nodeBadge?: (node: EditorNode) => ReactNode;
  /** Height of each pane on a desktop, in px. */
  height?: number;
}

function nodeTitle(node: EditorNode, emptyLabel: string) {
  const head = `${node.marker}${node.heading}`.trim();
  if (head) return { text: head, muted: false };
  if (node.text.trim()) return { text: node.text.slice(0, 40), muted: true };
  return { text: emptyLabel, muted: true };
}

/**
 * The source text beside the node tree. Clicking a node marks its lines in the source (and clicking a source line
 * selects its node). With `onEdit`, a person fixes what the parser got wrong: edit a node, merge it into the one
 * above, split its text, move it, change its level, delete or add nodes — every step undoable.
 */
export function TreeEditor(props: TreeEditorProps) {
  const { tree, onEdit, onUndo, canUndo, newId, sourceText, selectedId, onSelect, nodeActions, nodeBadge, height = 560 } = props;
  const t = useMessages(planMessages);
  const isPhone = useIsPhone();
  const { token } = theme.useToken();
  const [pane, setPane] = useState<'tree' | 'source'>('tree');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const editable = onEdit !== undefined;

  const flat = useMemo(() => flatten(tree), [tree]);
  const total = flat.length;
  const lineCount = useMemo(() => (sourceText ? sourceText.split('\n').length : 0), [sourceText]);
  const selected = selectedId ? findNode(tree, selectedId) : null;
  const highlight = useMemo(() => (selectedId && sourceText ? sourceRange(tree, (n) => n.id === selectedId, lineCount) : null), [tree, selectedId, sourceText, lineCount]);

  // A selection made from the source (or a new node) scrolls into view in the tree.
  useEffect(() => {
    if (!selectedId) return;
    document.querySelector(`[data-node-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const treeData = useMemo<TreeDataNode[]>(() => {
    const build = (nodes: EditorNode[], depth: number): TreeDataNode[] =>
      nodes.map((node) => {
        const title = nodeTitle(node, t('editor.emptyNode'));
        const empty = !node.marker.trim() && !node.heading.trim() && !node.text.trim();
        return {
          key: node.id,
          title: (
            <span data-testid="plan-node" data-node-id={node.id} data-depth={depth} style={{ color: empty ? token.colorError : title.muted ? token.colorTextTertiary : undefined }}>
              {title.text}
              {nodeBadge?.(node)}
            </span>
          ),
          children: node.children.length ? build(node.children, depth + 1) : undefined,
        };
      });
    return build(tree, 1);
  }, [tree, nodeBadge, t, token]);

  const expandedKeys = useMemo(() => flat.filter(({ node }) => node.children.length && !collapsed.has(node.id)).map(({ node }) => node.id), [flat, collapsed]);

  const selectLine = (line: number) => {
    let hit: EditorNode | null = null;
    for (const { node } of flat) if (node.sourceLine && node.sourceLine <= line) hit = node;
    if (hit) onSelect(hit.id);
  };

  const edit = (next: EditorNode[], select?: string | null) => {
    onEdit?.(next);
    if (select !== undefined) onSelect(select);
  };

  const can = selectedId ? availableEdits(tree, selectedId) : null;
  const label = (key: Parameters<typeof t>[0]) => (isPhone ? undefined : t(key));
  const toolButton = (key: Parameters<typeof t>[0], icon: ReactNode, enabled: boolean, run: () => void, hint?: Parameters<typeof t>[0]) => (
    <Tooltip title={hint ? t(hint) : isPhone ? t(key) : undefined}>
      <Button size="small" icon={icon} disabled={!enabled} onClick={run} aria-label={t(key)}>
        {label(key)}
      </Button>
    </Tooltip>
  );

  const toolbar = editable ? (
    <Flex gap={6} wrap data-testid="tree-toolbar">
      {toolButton('editor.undo', <UndoOutlined />, !!canUndo, () => onUndo?.())}
      {toolButton('editor.moveUp', <ArrowUpOutlined />, !!can?.moveUp, () => edit(moveUp(tree, selectedId!)))}
      {toolButton('editor.moveDown', <ArrowDownOutlined />, !!can?.moveDown, () => edit(moveDown(tree, selectedId!)))}
      {toolButton('editor.outdent', <MenuFoldOutlined />, !!can?.outdent, () => edit(outdent(tree, selectedId!)), 'editor.outdentHint')}
      {toolButton('editor.indent', <MenuUnfoldOutlined />, !!can?.indent, () => edit(indent(tree, selectedId!)), 'editor.indentHint')}
      {toolButton('editor.merge', <MergeCellsOutlined />, !!can?.merge, () => edit(mergeWithPrevious(tree, selectedId!), selected?.index ? selected.siblings[selected.index - 1].id : (selected?.parent?.id ?? null)), 'editor.mergeHint')}
      {toolButton('editor.addSibling', <PlusOutlined />, true, () => {
        const node = emptyNode(newId(), selected?.node.kind ?? 'part');
        edit(insertAfter(tree, selectedId, node), node.id);
      })}
      {toolButton('editor.addChild', <SubnodeOutlined />, !!selected, () => {
        const node = emptyNode(newId(), childKind(selected!.node));
        setCollapsed((c) => new Set([...c].filter((id) => id !== selectedId)));
        edit(addChild(tree, selectedId!, node), node.id);
      })}
      {selected && countNodes(selected.node.children) > 0 ? (
        <Popconfirm
          title={t('editor.deleteConfirm', { name: nodeTitle(selected.node, t('editor.emptyNode')).text, count: countNodes(selected.node.children) })}
          onConfirm={() => edit(remove(tree, selectedId!), null)}
          okButtonProps={{ danger: true }}
        >
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('editor.delete')}>
            {label('editor.delete')}
          </Button>
        </Popconfirm>
      ) : (
        <Button size="small" danger icon={<DeleteOutlined />} disabled={!selected} onClick={() => edit(remove(tree, selectedId!), null)} aria-label={t('editor.delete')}>
          {label('editor.delete')}
        </Button>
      )}
    </Flex>
  ) : null;

  const nodePanel = selected ? (
    <NodePanel
      node={selected.node}
      editable={editable}
      onChange={(patch, field) => onEdit?.(updateNode(tree, selected.node.id, patch), `${selected.node.id}.${field}`)}
      onSplit={(at) => {
        const id = newId();
        edit(splitAt(tree, selected.node.id, at, id), id);
      }}
      actions={nodeActions?.(selected.node)}
    />
  ) : (
    <Typography.Text type="secondary">{t(editable ? 'editor.selectHint' : 'editor.selectHintRead')}</Typography.Text>
  );

  const treePane = (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          {t('editor.structure')}
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('editor.nodes', { count: total })}
          </Typography.Text>
        </Flex>
      }
      style={{ flex: isPhone ? undefined : '1 1 55%', minWidth: 0 }}
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 10 } }}
    >
      {/* On a phone the tree runs long: the tools and the selected node stay in view while it scrolls. */}
      <div
        style={{
          display: 'flex',
          flexDirection: 'column',
          gap: 10,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          paddingBlock: 6,
          ...(isPhone && editable ? { position: 'sticky', top: 0, zIndex: 3, background: token.colorBgContainer } : {}),
        }}
      >
        {toolbar}
        <div data-testid="node-panel">{nodePanel}</div>
      </div>
      <div style={{ overflow: 'auto', maxHeight: isPhone ? undefined : height - 40 }}>
        {tree.length ? (
          <Tree
            data-testid="plan-tree"
            blockNode
            showLine
            treeData={treeData}
            // Large trees render only what is on screen.
            height={total > 400 ? height - 40 : undefined}
            expandedKeys={expandedKeys}
            onExpand={(_, info) =>
              setCollapsed((c) => {
                const next = new Set(c);
                const id = String(info.node.key);
                if (info.expanded) next.delete(id);
                else next.add(id);
                return next;
              })
            }
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(keys) => onSelect(keys.length ? String(keys[0]) : null)}
          />
        ) : (
          <Empty description={t('editor.empty')}>
            {editable ? (
              <Button icon={<PlusOutlined />} onClick={() => edit(insertAfter(tree, null, emptyNode(newId(), 'part')))}>
                {t('editor.addTop')}
              </Button>
            ) : null}
          </Empty>
        )}
      </div>
    </Card>
  );

  const sourcePane = (
    <Card size="small" title={t('editor.source')} style={{ flex: isPhone ? undefined : '1 1 45%', minWidth: 0 }}>
      {sourceText ? (
        <SourceText text={sourceText} highlight={highlight} onLineClick={selectLine} maxHeight={isPhone ? '70vh' : height} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.noSource')} />
      )}
    </Card>
  );

  if (isPhone) {
    return (
      <Flex vertical gap={8}>
        <Segmented
          block
          value={pane}
          onChange={(v) => setPane(v as 'tree' | 'source')}
          options={[
            { value: 'tree', label: t('editor.structure') },
            { value: 'source', label: t('editor.source') },
          ]}
        />
        {pane === 'tree' ? treePane : sourcePane}
      </Flex>
    );
  }
  return (
    <Flex gap={12} align="flex-start">
      {sourcePane}
      {treePane}
    </Flex>
  );
}

/** The selected node: its fields (editable or not), the split menu and the caller's actions. */
function NodePanel(props: {
  node: EditorNode;
  editable: boolean;
  onChange: (patch: Partial<Pick<EditorNode, 'marker' | 'heading' | 'text' | 'kind'>>, field: string) => void;
  onSplit: (at: number) => void;
  actions?: ReactNode;
}) {
  const { node, editable, onChange, onSplit, actions } = props;
  const t = useMessages(planMessages);
  const isPhone = useIsPhone();
  const parts = paragraphs(node.text);
  const kindLabel = (k: string) => (KINDS.includes(k as Kind) ? t(`kind.${k as Kind}`) : k);
  const line = node.sourceLine ? t('editor.line', { line: node.sourceLine }) : t('editor.noLine');

  if (!editable) {
    return (
      <Flex vertical gap={6} data-testid="node-view">
        <Flex gap={8} align="baseline" wrap>
          <Typography.Text strong>{`${node.marker}${node.heading}`}</Typography.Text>
          <Tag>{kindLabel(node.kind)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {line}
          </Typography.Text>
        </Flex>
        {parts.length ? (
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap', maxHeight: 180, overflow: 'auto' }}>{node.text}</Typography.Paragraph>
        ) : null}
        {actions ? (
          <Flex gap={8} wrap>
            {actions}
          </Flex>
        ) : null}
      </Flex>
    );
  }

  return (
    <Flex vertical gap={8} data-testid="node-editor">
      <Flex gap={8} wrap>
        <Input
          value={node.marker}
          onChange={(e) => onChange({ marker: e.target.value }, 'marker')}
          placeholder={t('editor.marker')}
          aria-label={t('editor.marker')}
          style={{ width: 96 }}
        />
        <Input
          value={node.heading}
          onChange={(e) => onChange({ heading: e.target.value }, 'heading')}
          placeholder={t('editor.heading')}
          aria-label={t('editor.heading')}
          style={{ flex: '1 1 200px', minWidth: 0 }}
        />
        <Select
          value={node.kind}
          onChange={(kind) => onChange({ kind }, 'kind')}
          aria-label={t('editor.kind')}
          style={{ width: 96 }}
          options={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
        />
      </Flex>
      <Input.TextArea
        value={node.text}
        onChange={(e) => onChange({ text: e.target.value }, 'text')}
        placeholder={t('editor.text')}
        aria-label={t('editor.text')}
        autoSize={{ minRows: 2, maxRows: isPhone ? 4 : 8 }}
      />
      <Flex gap={8} align="center" wrap justify="space-between">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {line}
        </Typography.Text>
        <Dropdown
          disabled={parts.length < 2}
          trigger={['click']}
          menu={{
            items: parts.slice(1).map((p, i) => ({ key: String(i + 1), label: t('editor.splitAt', { n: i + 2, start: p.length > 24 ? `${p.slice(0, 24)}…` : p }) })),
            onClick: ({ key }) => onSplit(Number(key)),
          }}
        >
          <Tooltip title={parts.length < 2 ? t('editor.splitNone') : undefined}>
            <Button size="small" icon={<ScissorOutlined />} disabled={parts.length < 2}>
              {t('editor.split')}
            </Button>
          </Tooltip>
        </Dropdown>
      </Flex>
    </Flex>
  );
}
