import { useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Input, Popconfirm, Typography } from 'antd';
import { BranchesOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import { ApiError } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { planMessages } from './plans.messages.ts';
import { plansApi, type PlanDetail } from './plans.api.ts';
import { emptyNodeIds, idMaker, toEditorTree, toPlanNodes, type EditorNode } from './plan-tree.ts';
import { TreeEditor } from './TreeEditor.tsx';
import { DocumentInfo } from './DocumentInfo.tsx';
import { useTreeHistory } from './useTreeHistory.ts';

/**
 * The plan's text: the node tree beside the source. The drafting office edits it in the same editor as the import
 * and saves the result as a new version; a version saved by someone else meanwhile is reported, not overwritten.
 */
export function PlanTextTab(props: {
  detail: PlanDetail;
  tree: EditorNode[];
  viewing: number | undefined;
  onBackToCurrent: () => void;
  onSaved: () => void;
  onReload: () => void;
  onDerive: (nodeKey: string) => void;
}) {
  const { detail, tree, viewing, onBackToCurrent, onSaved, onReload, onDerive } = props;
  const { plan } = detail;
  const t = useMessages(planMessages);
  const feedback = useFeedback();
  const isPhone = useIsPhone();
  const [editing, setEditing] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  // The text outside the tree, edited with it and saved in the same version.
  const [outside, setOutside] = useState({ preamble: '', closing: '' });
  const [saving, setSaving] = useState(false);
  const newId = useRef(idMaker('e')).current;
  const history = useTreeHistory([]);
  const canEdit = plan.abilities.includes('edit') && !viewing;
  const height = isPhone ? undefined : 640;

  const stored = { preamble: detail.version.meta.preamble ?? '', closing: detail.version.meta.closing ?? '' };
  const outsideChanged = outside.preamble.trim() !== stored.preamble.trim() || outside.closing.trim() !== stored.closing.trim();
  const changed = history.changed || outsideChanged;

  const startEditing = () => {
    history.reset(toEditorTree(detail.tree, newId));
    setSelectedId(null);
    setNote('');
    setOutside(stored);
    setEditing(true);
  };

  const save = async () => {
    const empty = emptyNodeIds(history.tree);
    if (empty.length) {
      setSelectedId(empty[0]);
      void feedback.message.error(t('import.emptyNodes', { count: empty.length }));
      return;
    }
    setSaving(true);
    try {
      const saved = await plansApi.saveVersion(plan.id, {
        nodes: toPlanNodes(history.tree),
        basedOn: plan.current_version,
        note: note.trim() || undefined,
        ...(outsideChanged ? { meta: { preamble: outside.preamble.trim(), closing: outside.closing.trim() } } : {}),
      });
      void feedback.message.success(t('detail.versionSaved', { version: saved.version }));
      setEditing(false);
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        feedback.modal.confirm({
          title: t('detail.conflict'),
          content: t('detail.conflictHint'),
          okText: t('detail.reload'),
          onOk: () => {
            setEditing(false);
            onReload();
          },
        });
      } else feedback.error(error);
    } finally {
      setSaving(false);
    }
  };

  if (editing) {
    return (
      <Flex vertical gap={12}>
        <Card size="small">
          <Flex gap={8} wrap align="center">
            <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('detail.versionNote')} maxLength={500} style={{ flex: '1 1 240px' }} data-testid="version-note" />
            <Popconfirm title={t('detail.discardConfirm')} onConfirm={() => setEditing(false)} disabled={!changed}>
              <Button onClick={changed ? undefined : () => setEditing(false)}>{t('detail.discard')}</Button>
            </Popconfirm>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={!changed} onClick={() => void save()} data-testid="version-save">
              {t('detail.saveVersion')}
            </Button>
          </Flex>
          <Flex gap={12} wrap style={{ marginTop: 12 }}>
            <label style={{ flex: '1 1 280px' }}>
              <Typography.Text type="secondary">{t('doc.preamble')}</Typography.Text>
              <Input.TextArea
                value={outside.preamble}
                onChange={(e) => setOutside((o) => ({ ...o, preamble: e.target.value }))}
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={100_000}
                placeholder={t('field.preambleHint')}
                data-testid="version-preamble"
              />
            </label>
            <label style={{ flex: '1 1 280px' }}>
              <Typography.Text type="secondary">{t('doc.closing')}</Typography.Text>
              <Input.TextArea
                value={outside.closing}
                onChange={(e) => setOutside((o) => ({ ...o, closing: e.target.value }))}
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={100_000}
                placeholder={t('field.closingHint')}
                data-testid="version-closing"
              />
            </label>
          </Flex>
        </Card>
        <TreeEditor
          tree={history.tree}
          onEdit={history.apply}
          onUndo={history.undo}
          canUndo={history.canUndo}
          newId={newId}
          sourceText={detail.sourceText}
          selectedId={selectedId}
          onSelect={setSelectedId}
          height={height}
        />
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      {viewing ? (
        <Alert
          type="info"
          showIcon
          title={t('detail.viewingVersion', { version: detail.version.number, current: plan.current_version })}
          action={
            <Button size="small" onClick={onBackToCurrent}>
              {t('detail.backToCurrent')}
            </Button>
          }
        />
      ) : null}
      {canEdit ? (
        <Flex justify="flex-end">
          <Button icon={<EditOutlined />} onClick={startEditing} data-testid="plan-edit-text">
            {t('detail.edit')}
          </Button>
        </Flex>
      ) : plan.status === 'issued' && plan.abilities.includes('setStatus') && !viewing ? (
        <Typography.Text type="secondary">{t('detail.readOnlyIssued')}</Typography.Text>
      ) : null}
      <DocumentInfo meta={detail.version.meta} tables={detail.version.tables} sourceName={detail.version.sourceName} />
      <TreeEditor
        tree={tree}
        newId={newId}
        sourceText={detail.sourceText}
        selectedId={selectedId}
        onSelect={setSelectedId}
        height={height}
        nodeActions={
          plan.abilities.includes('derive') && !viewing
            ? (node) =>
                node.key ? (
                  <Button size="small" icon={<BranchesOutlined />} onClick={() => onDerive(node.key!)}>
                    {t('detail.derive')}
                  </Button>
                ) : null
            : undefined
        }
      />
    </Flex>
  );
}
