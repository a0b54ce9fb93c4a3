import { useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Input, Popconfirm, Progress, Radio, Select, Tag, Typography } from 'antd';
import { CheckOutlined, UploadOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { pickLanguage, useMessages } from '../../../web/i18n.ts';
import { planMessages } from './plans.messages.ts';
import { taskMessages } from './tasks.messages.ts';
import type { ImportedTable, ImportPreview } from './plans.api.ts';
import { UploadBox, useUpload } from './UploadBox.tsx';
import { TaskTable, type TaskRowView } from './TaskTable.tsx';
import { useHomeRegion } from './usePlanDirectory.ts';

type PreviewTask = ImportPreview['tasks'][number];
type SheetSummary = ImportPreview['sheets'][number];

/** The plan title offered for a preview: the table's title row, else the file's name. */
const suggestedTitle = (preview: ImportPreview, file: File) => preview.title || file.name.replace(/\.xlsx$/i, '');

function previewRow(task: PreviewTask): TaskRowView {
  return {
    key: `row-${task.row}`,
    row: task.row,
    seq: task.seq,
    groupPath: task.groupPath,
    text: task.text,
    leaders: task.leaders.map((l) => ({ label: l.name ?? l.raw, raw: l.raw, matched: l.personId !== null })),
    leadUnit: task.leadUnit ? { label: task.leadUnit.name ?? task.leadUnit.raw, raw: task.leadUnit.raw, matched: task.leadUnit.unitId !== null } : null,
    coUnits: task.coUnits.map((u) => ({ label: u.name ?? u.raw, raw: u.raw, matched: u.unitId !== null })),
    deadline: { text: task.deadlineText, ...task.deadline },
    kind: null,
  };
}

/**
 * Imports a task-division table (.xlsx): the file is read first and shown as it would be imported — tasks with
 * written and understood deadlines, names matched or not, problems by row — and only “确认导入” sends it again to be
 * saved, into `plan` (after or instead of its tasks) or as a new task list. A workbook with several task-like sheets
 * gets a sheet picker: the kept file is read again with the chosen sheet, and that sheet is the one imported.
 */
export function TaskTableImport(props: { plan?: { id: string; title: string; taskCount: number }; onImported: (result: ImportedTable) => void }) {
  const { plan, onImported } = props;
  const t = useMessages(taskMessages);
  const tp = useMessages(planMessages);
  const feedback = useFeedback();
  const upload = useUpload();
  const region = useHomeRegion();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mode, setMode] = useState<'append' | 'replace'>('append');
  const [title, setTitle] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [switching, setSwitching] = useState(false);
  const rows = useMemo(() => (preview ? preview.tasks.map(previewRow) : []), [preview]);

  const read = async (picked: File, sheet?: string) => {
    try {
      const { preview: result } = await upload.send<{ preview: ImportPreview }>('/api/tasks/import', picked, { sheet });
      // A title the person typed survives choosing another sheet; the suggested one follows the sheet.
      const keepTitle = preview !== null && file !== null && title !== suggestedTitle(preview, file);
      setFile(picked);
      setPreview(result);
      if (!keepTitle) setTitle(suggestedTitle(result, picked));
    } catch (error) {
      feedback.error(error);
    }
  };

  const chooseSheet = async (sheet: string) => {
    if (!file) return;
    setSwitching(true);
    try {
      await read(file, sheet);
    } finally {
      setSwitching(false);
    }
  };

  const confirm = async (update?: string) => {
    if (!file || !preview) return;
    setConfirming(true);
    try {
      // Updating the plan an earlier import of this table made replaces its tasks instead of making a second plan.
      const target = update ? { planId: update, mode: 'replace' as const } : plan ? { planId: plan.id, mode } : { title: title.trim() || undefined, regionCode: region };
      const query = { confirm: true, sheet: preview.sheet, ...target };
      const { imported } = await upload.send<{ imported: ImportedTable }>('/api/tasks/import', file, query);
      void feedback.message.success(t('importTable.done', { count: imported.created }));
      onImported(imported);
    } catch (error) {
      feedback.error(error);
    } finally {
      setConfirming(false);
    }
  };

  if (!preview) {
    return (
      <UploadBox
        accept={['.xlsx']}
        title={t('importTable.upload')}
        hint={t('importTable.uploadHint')}
        progress={upload.progress}
        onFile={(picked) => void read(picked)}
        onRefused={(name) => void feedback.message.error(tp('upload.wrongType', { name }))}
        testId="table-upload"
      />
    );
  }

  const pickSheet = preview.sheets.filter((s) => s.taskTable).length > 1;
  // The picker already offers every task-like sheet, so "sheet X also looks like a task table" would only repeat it.
  const problems = pickSheet ? preview.problems.filter((p) => p.otherSheet === undefined) : preview.problems;
  const errors = problems.filter((p) => p.severity === 'error').length;
  const confirmButton = (
    <Button type="primary" icon={<CheckOutlined />} loading={confirming} disabled={preview.tasks.length === 0 || switching} onClick={plan && mode === 'replace' ? undefined : () => void confirm()} data-testid="import-confirm">
      {t('importTable.confirm')}
    </Button>
  );

  return (
    <Flex vertical gap={12} data-testid="import-preview">
      <Card size="small">
        <Flex vertical gap={10}>
          {pickSheet ? (
            <SheetPicker sheets={preview.sheets} value={preview.sheet} loading={switching} disabled={confirming} onChange={(sheet) => void chooseSheet(sheet)} />
          ) : null}
          <Typography.Text strong>{t('importTable.summary', { file: preview.fileName, tasks: preview.tasks.length, header: preview.headerRow })}</Typography.Text>
          <Flex gap={6} wrap align="center">
            <Typography.Text type="secondary">{t('importTable.columns')}</Typography.Text>
            {Object.values(preview.columns).map((header) => (
              <Tag key={header}>{header}</Tag>
            ))}
          </Flex>
          {plan ? (
            <Flex vertical gap={6}>
              <Typography.Text>{t('importTable.into', { title: plan.title })}</Typography.Text>
              {plan.taskCount > 0 ? (
                <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'append' | 'replace')}>
                  <Radio value="append">{t('importTable.append')}</Radio>
                  <Radio value="replace">{t('importTable.replace')}</Radio>
                </Radio.Group>
              ) : null}
            </Flex>
          ) : (
            <Flex vertical gap={4}>
              <Typography.Text>{t('importTable.planTitle')}</Typography.Text>
              <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} data-testid="import-title" />
            </Flex>
          )}
          <Flex gap={8} wrap align="center">
            {plan && mode === 'replace' ? (
              <Popconfirm title={t('importTable.confirmReplace', { count: plan.taskCount, tasks: preview.tasks.length })} okButtonProps={{ danger: true }} onConfirm={() => void confirm()}>
                {confirmButton}
              </Popconfirm>
            ) : (
              confirmButton
            )}
            <Button
              icon={<UploadOutlined />}
              disabled={confirming || switching}
              onClick={() => {
                setPreview(null);
                setFile(null);
              }}
            >
              {t('importTable.another')}
            </Button>
            {upload.progress && confirming ? (
              upload.progress.sent < 1 ? (
                <Progress percent={Math.round(upload.progress.sent * 100)} size="small" style={{ width: 160 }} />
              ) : (
                <Typography.Text type="secondary">{tp('upload.working', { name: upload.progress.name })}</Typography.Text>
              )
            ) : null}
          </Flex>
        </Flex>
      </Card>

      {preview.tasks.length === 0 ? <Alert type="error" showIcon title={t('importTable.nothing')} /> : null}
      {!plan && preview.samePlan ? (
        <Alert
          type="warning"
          showIcon
          data-testid="import-same-plan"
          title={t('importTable.samePlan', { title: preview.samePlan.title, count: preview.samePlan.taskCount })}
          action={
            preview.samePlan.canUpdate ? (
              <Button size="small" loading={confirming} onClick={() => void confirm(preview.samePlan!.id)} data-testid="import-update-same">
                {t('importTable.updateSame')}
              </Button>
            ) : null
          }
        />
      ) : null}
      {problems.length ? (
        <Alert
          type={errors ? 'error' : 'warning'}
          showIcon
          title={t('importTable.problems', { count: problems.length })}
          data-testid="import-problems"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 200, overflow: 'auto' }}>
              {problems.map((p, i) => (
                <li key={i}>
                  <Tag color={p.severity === 'error' ? 'error' : 'warning'}>{t(p.severity === 'error' ? 'importTable.error' : 'importTable.warning')}</Tag>
                  <Typography.Text strong>
                    {[t('importTable.problemRow', { row: p.row }), p.column ? t('importTable.problemColumn', { column: p.column }) : null].filter(Boolean).join(' ')}
                  </Typography.Text>{' '}
                  {pickLanguage(p.message)}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {preview.unmatched.units.length || preview.unmatched.leaders.length ? (
        <Alert
          type="warning"
          showIcon
          title={t('importTable.unmatched')}
          data-testid="import-unmatched"
          description={
            <Flex vertical gap={4}>
              {[...preview.unmatched.units, ...preview.unmatched.leaders.map((l) => ({ ...l, suggestions: [] as { name: string }[] }))].map((u) => (
                <Flex key={u.raw} gap={6} wrap align="center">
                  <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                    {u.raw}
                  </Tag>
                  <Typography.Text type="secondary">{t('importTable.unmatchedRows', { rows: u.rows.join(', ') })}</Typography.Text>
                  {u.suggestions.length ? (
                    <Typography.Text type="secondary">{t('importTable.maybe', { names: u.suggestions.slice(0, 3).map((s) => s.name).join(' / ') })}</Typography.Text>
                  ) : null}
                </Flex>
              ))}
            </Flex>
          }
        />
      ) : null}
      {preview.notes.length ? (
        <Alert type="info" title={t('importTable.notes')} description={preview.notes.map((n, i) => <div key={i}>{n}</div>)} />
      ) : null}
      <Typography.Text strong>{t('importTable.preview')}</Typography.Text>
      <TaskTable rows={rows} showRow highlightMatched testId="preview-table" />
    </Flex>
  );
}

/** Offers the workbook's sheets: task-like ones first (hidden ones after the visible), the rest shown but not choosable. */
function SheetPicker(props: { sheets: SheetSummary[]; value: string; loading: boolean; disabled: boolean; onChange: (sheet: string) => void }) {
  const { sheets, value, loading, disabled, onChange } = props;
  const t = useMessages(taskMessages);
  const rank = (s: SheetSummary) => (s.taskTable ? (s.hidden ? 1 : 0) : 2);
  const ordered = [...sheets].sort((a, b) => rank(a) - rank(b));
  const note = (s: SheetSummary) => [s.taskTable ? null : t('importTable.sheetNoHeader'), s.hidden ? t('importTable.sheetHidden') : null].filter(Boolean).join(' · ');
  return (
    <Flex vertical gap={4}>
      <Typography.Text>{t('importTable.sheetChoose', { count: sheets.filter((s) => s.taskTable).length })}</Typography.Text>
      <Select
        value={value}
        onChange={onChange}
        loading={loading}
        disabled={loading || disabled}
        style={{ width: '100%', maxWidth: 420 }}
        data-testid="import-sheet"
        options={ordered.map((s) => ({
          value: s.name,
          title: s.name,
          disabled: !s.taskTable,
          label: (
            <Flex justify="space-between" gap={8} style={{ minWidth: 0 }}>
              <Typography.Text ellipsis style={{ color: 'inherit' }}>
                {s.name}
              </Typography.Text>
              {note(s) ? (
                <Typography.Text type="secondary" style={{ flexShrink: 0 }}>
                  {note(s)}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        }))}
      />
    </Flex>
  );
}
