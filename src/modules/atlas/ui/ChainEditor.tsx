import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Popconfirm, Radio, Select, Space, Tooltip } from 'antd';
import { DeleteOutlined, DragOutlined, EditOutlined, LinkOutlined } from '@ant-design/icons';
import { ApiError, detailText, errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { atlasApi, STAGES, type ChainDetail, type ChainEdit, type ChainEditResult, type Segment, type Stage } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';

/** What the editor's dialog is doing: adding a segment (under a parent or at the top), editing, moving or linking one. */
export type EditorMode = { kind: 'add'; parent: string | null } | { kind: 'edit'; key: string } | { kind: 'move'; key: string } | { kind: 'link'; key: string };

type T = ReturnType<typeof useMessages<typeof atlasMessages>>;

/** The changes of a saved version in words: "新增环节 1，新增供应关系 1". */
function changeSummary(t: T, r: ChainEditResult): string {
  return (Object.entries(r.changes) as [keyof ChainEditResult['changes'], unknown[]][])
    .filter(([, list]) => list.length)
    .map(([k, list]) => `${t(`change.${k}`)} ${list.length}`)
    .join('，');
}

/**
 * Saving edits of a chain as its next version: the version the page shows is the base, so a newer version saved by
 * someone else is refused (409) and the page offers to reload. The map, counts and gaps are refetched after a save.
 */
export function useChainSave(chain: ChainDetail) {
  const t = useMessages(atlasMessages);
  const feedback = useFeedback();
  const queries = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reload = () => {
    setError(null);
    for (const part of ['chain', 'counts', 'coverage', 'gaps', 'segment-enterprises']) void queries.invalidateQueries({ queryKey: ['atlas', part, chain.id] });
    void queries.invalidateQueries({ queryKey: ['atlas', 'chains'] });
  };
  const save = async (edits: ChainEdit[]): Promise<ChainEditResult | null> => {
    setSaving(true);
    setError(null);
    try {
      const r = await atlasApi.editChain(chain.id, { baseVersion: chain.version, edits });
      void feedback.message.success(r.unchanged ? t('edit.unchanged') : t('edit.saved', { version: r.version, changes: changeSummary(t, r) }));
      reload();
      return r;
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setSaving(false);
    }
  };
  return { save, saving, error, clearError: () => setError(null), reload };
}

/** Why a save was refused: the message, each problem by field, and for a stale version a reload button. */
export function EditProblems({ error, onReload }: { error: unknown; onReload: () => void }) {
  const t = useMessages(atlasMessages);
  if (!error) return null;
  const stale = error instanceof ApiError && error.status === 409 && error.details.some((d) => d.field === 'baseVersion');
  const details = error instanceof ApiError ? error.details.filter((d) => d.field !== 'baseVersion') : [];
  return (
    <Alert
      type="error"
      showIcon
      data-testid="edit-problems"
      style={{ marginBottom: 12 }}
      message={stale ? t('edit.stale') : `${t('edit.problems')} ${errorText(error)}`}
      description={details.length ? details.map((d, i) => <div key={i}>{detailText(d, error as ApiError)}</div>) : undefined}
      action={
        stale ? (
          <Button size="small" onClick={onReload}>
            {t('edit.reload')}
          </Button>
        ) : undefined
      }
    />
  );
}

interface SegmentValues {
  name?: string;
  nameEn?: string;
  key?: string;
  parent?: string | null;
  stage?: Stage;
  industryCodes?: string[];
  products?: string[];
  technologies?: string[];
  description?: string;
  other?: string;
  direction?: 'supplies' | 'suppliedBy';
  note?: string;
}

/** The editor's dialog: one form for adding, editing, moving a segment or adding a supply edge, saved as one new version. */
export function ChainEditorModal({ chain, mode, onClose, onSaved }: { chain: ChainDetail; mode: EditorMode | null; onClose: () => void; onSaved: (r: ChainEditResult, focus: string | null) => void }) {
  const t = useMessages(atlasMessages);
  const [form] = Form.useForm<SegmentValues>();
  const { save, saving, error, clearError, reload } = useChainSave(chain);
  const byKey = useMemo(() => new Map(chain.segments.map((s) => [s.key, s])), [chain.segments]);
  const seg = mode && mode.kind !== 'add' ? byKey.get(mode.key) : undefined;
  const parent = Form.useWatch('parent', form);
  const parentStage = parent ? byKey.get(parent)?.stage : undefined;

  useEffect(() => {
    if (!mode) return;
    clearError();
    form.resetFields();
    if (mode.kind === 'add') form.setFieldsValue({ parent: mode.parent, stage: mode.parent ? undefined : 'upstream' });
    else if (seg && mode.kind === 'edit')
      form.setFieldsValue({ name: seg.name, nameEn: seg.nameEn ?? '', industryCodes: seg.industryCodes, products: seg.products, technologies: seg.technologies, description: seg.description ?? '' });
    else if (seg && mode.kind === 'move') form.setFieldsValue({ parent: seg.parent, stage: seg.stage });
    else if (mode.kind === 'link') form.setFieldsValue({ direction: 'supplies' });
    // Reset when the dialog opens (on another segment), not on each refetch of the chain.
  }, [mode]);

  /** Parents a segment may go under: not itself, nor one of its own sub-segments. */
  const parentOptions = useMemo(() => {
    const banned = new Set<string>();
    if (mode?.kind === 'move') {
      banned.add(mode.key);
      for (let grew = true; grew; ) {
        grew = false;
        for (const s of chain.segments) {
          if (s.parent && banned.has(s.parent) && !banned.has(s.key)) {
            banned.add(s.key);
            grew = true;
          }
        }
      }
    }
    return chain.segments.filter((s) => !banned.has(s.key)).map((s) => ({ value: s.key, label: `${s.name}（${t(`stage.${s.stage}`)}）` }));
  }, [chain.segments, mode, t]);
  const otherOptions = useMemo(
    () => chain.segments.filter((s) => mode?.kind === 'link' && s.key !== mode.key).map((s) => ({ value: s.key, label: `${s.name}（${t(`stage.${s.stage}`)}）` })),
    [chain.segments, mode, t],
  );

  if (!mode) return null;
  const name = seg?.name ?? '';
  const title =
    mode.kind === 'add'
      ? mode.parent
        ? t('edit.addUnder', { name: byKey.get(mode.parent)?.name ?? mode.parent })
        : t('edit.add')
      : mode.kind === 'edit'
        ? t('edit.editTitle', { name })
        : mode.kind === 'move'
          ? t('edit.moveTitle', { name })
          : t('edit.linkTitle', { name });

  const submit = async (v: SegmentValues) => {
    const fields = { nameEn: v.nameEn?.trim() || null, description: v.description?.trim() || null, industryCodes: v.industryCodes ?? [], products: v.products ?? [], technologies: v.technologies ?? [] };
    let edits: ChainEdit[];
    let focus: string | null = seg?.key ?? null;
    if (mode.kind === 'add') {
      edits = [{ op: 'addSegment', segment: { ...fields, name: v.name!.trim(), key: v.key?.trim() || undefined, parent: v.parent ?? null, stage: v.parent ? undefined : v.stage } }];
    } else if (mode.kind === 'edit') {
      edits = [{ op: 'updateSegment', key: mode.key, set: { ...fields, name: v.name!.trim() } }];
    } else if (mode.kind === 'move') {
      edits = [{ op: 'moveSegment', key: mode.key, parent: v.parent ?? null, stage: v.parent ? undefined : v.stage }];
    } else {
      const [from, to] = v.direction === 'suppliedBy' ? [v.other!, mode.key] : [mode.key, v.other!];
      edits = [{ op: 'addEdge', from, to, note: v.note?.trim() || null }];
    }
    const r = await save(edits);
    if (!r) return;
    if (mode.kind === 'add') focus = r.addedSegments[0] ?? null;
    onSaved(r, focus);
  };

  const tags = (label: string, field: 'industryCodes' | 'products' | 'technologies', help: string) => (
    <Form.Item name={field} label={label} extra={help}>
      <Select mode="tags" open={false} suffixIcon={null} aria-label={label} tokenSeparators={[',', '，', '、']} />
    </Form.Item>
  );
  const placeFields = (
    <>
      <Form.Item name="parent" label={t('edit.parent')}>
        <Select showSearch allowClear optionFilterProp="label" options={parentOptions} placeholder={t('edit.parentNone')} aria-label={t('edit.parent')} onClear={() => form.setFieldValue('parent', null)} />
      </Form.Item>
      <Form.Item
        name="stage"
        label={t('edit.stage')}
        extra={parentStage ? t('edit.stageInherited', { stage: t(`stage.${parentStage}`) }) : undefined}
        rules={[{ required: !parent, message: t('edit.required') }]}
      >
        <Radio.Group disabled={Boolean(parent)} optionType="button" options={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} />
      </Form.Item>
    </>
  );
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={t('edit.save')}
      cancelText={t('edit.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      destroyOnHidden
      width={560}
      data-testid="chain-editor"
    >
      <EditProblems
        error={error}
        onReload={() => {
          reload();
          onClose();
        }}
      />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        {mode.kind === 'add' || mode.kind === 'edit' ? (
          <>
            <Form.Item name="name" label={t('edit.name')} rules={[{ required: true, whitespace: true, message: t('edit.required') }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="nameEn" label={t('edit.nameEn')}>
              <Input maxLength={200} />
            </Form.Item>
            {mode.kind === 'add' ? (
              <>
                {placeFields}
                <Form.Item name="key" label={t('edit.key')} extra={t('edit.keyHelp')}>
                  <Input maxLength={100} />
                </Form.Item>
              </>
            ) : null}
            {tags(t('edit.codes'), 'industryCodes', t('edit.codesHelp'))}
            {tags(t('panel.products'), 'products', t('edit.listHelp'))}
            {tags(t('panel.technologies'), 'technologies', t('edit.listHelp'))}
            <Form.Item name="description" label={t('edit.description')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          </>
        ) : mode.kind === 'move' ? (
          placeFields
        ) : (
          <>
            <Form.Item name="direction" label={t('edit.direction')}>
              <Radio.Group
                options={[
                  { value: 'supplies', label: t('edit.dirSupplies', { name }) },
                  { value: 'suppliedBy', label: t('edit.dirSuppliedBy', { name }) },
                ]}
              />
            </Form.Item>
            <Form.Item name="other" label={t('edit.other')} rules={[{ required: true, message: t('edit.required') }]}>
              <Select showSearch optionFilterProp="label" options={otherOptions} aria-label={t('edit.other')} />
            </Form.Item>
            <Form.Item name="note" label={t('edit.note')}>
              <Input maxLength={1000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/**
 * A segment's edit buttons in the map's side panel. Removing is offered only when it can succeed: a segment with
 * sub-segments or linked enterprises says why it stays (the server refuses it too).
 */
export function SegmentEditBar({ chain, seg, linked, onOpen, onRemoved }: { chain: ChainDetail; seg: Segment; linked: number; onOpen: (m: EditorMode) => void; onRemoved: () => void }) {
  const t = useMessages(atlasMessages);
  const { save, saving, error, reload } = useChainSave(chain);
  const children = chain.segments.filter((s) => s.parent === seg.key).length;
  const blocked = children ? t('edit.blockedChildren', { name: seg.name, count: children }) : linked ? t('edit.blockedLinks', { name: seg.name, count: linked }) : null;
  return (
    <>
      <Space wrap size={4} data-testid="segment-edit-bar">
        <Button size="small" icon={<EditOutlined />} onClick={() => onOpen({ kind: 'edit', key: seg.key })}>
          {t('edit.edit')}
        </Button>
        <Button size="small" icon={<DragOutlined />} onClick={() => onOpen({ kind: 'move', key: seg.key })}>
          {t('edit.move')}
        </Button>
        <Button size="small" icon={<LinkOutlined />} onClick={() => onOpen({ kind: 'link', key: seg.key })}>
          {t('edit.link')}
        </Button>
        <Button size="small" onClick={() => onOpen({ kind: 'add', parent: seg.key })}>
          {t('edit.add')}
        </Button>
        <Popconfirm
          title={blocked ?? t('edit.removeConfirm', { name: seg.name })}
          okText={t('edit.remove')}
          cancelText={t('edit.cancel')}
          okButtonProps={{ danger: true, disabled: Boolean(blocked) }}
          onConfirm={async () => {
            if (await save([{ op: 'removeSegment', key: seg.key }])) onRemoved();
          }}
        >
          <Button size="small" danger icon={<DeleteOutlined />} loading={saving}>
            {t('edit.remove')}
          </Button>
        </Popconfirm>
      </Space>
      <EditProblems error={error} onReload={reload} />
    </>
  );
}

/** A supply edge in the side panel, with a button that removes it (a new version). */
export function EdgeTag({ chain, from, to, label, editable, first = true }: { chain: ChainDetail; from: string; to: string; label: string; editable: boolean; first?: boolean }) {
  const t = useMessages(atlasMessages);
  const { save, saving, error, reload } = useChainSave(chain);
  return (
    <span>
      {first ? null : '、'}
      {label}
      {editable ? (
        <Tooltip title={t('edit.removeEdge')}>
          <Button type="text" size="small" aria-label={`${t('edit.removeEdge')} ${label}`} loading={saving} icon={<DeleteOutlined />} onClick={() => void save([{ op: 'removeEdge', from, to }])} />
        </Tooltip>
      ) : null}
      <EditProblems error={error} onReload={reload} />
    </span>
  );
}
