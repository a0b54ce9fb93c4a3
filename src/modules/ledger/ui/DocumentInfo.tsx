import { Alert, Card, Collapse, Descriptions, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { pickLanguage, useMessages } from '../../../web/i18n.ts';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { planMessages } from './plans.messages.ts';
import type { DocumentTable, PlanMeta } from './plans.api.ts';

/** The parser's notes with the line each is about, each in the UI language (the parser writes "中文 / English"). */
export function ParserWarnings({ warnings }: { warnings: { line: number; message: string }[] }) {
  const t = useMessages(planMessages);
  if (!warnings.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="parser-warnings"
      title={t('doc.warnings', { count: warnings.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 160, overflow: 'auto' }}>
          {warnings.map((w, i) => (
            <li key={i}>
              <Typography.Text strong>{t('doc.warningLine', { line: w.line })}</Typography.Text> {pickLanguage(w.message)}
            </li>
          ))}
        </ul>
      }
    />
  );
}

type Row = { key: number; cells: string[] } | { key: number; group: string };

/** An annex table as the document draws it: a header, data rows, and group rows spanning the whole width. */
export function AnnexTable({ table, index }: { table: DocumentTable; index: number }) {
  const t = useMessages(planMessages);
  const isPhone = useIsPhone();
  const width = Math.max(table.headers.length, ...table.rows.map((r) => (r.kind === 'row' ? r.cells.length : 1)));
  const headers = Array.from({ length: width }, (_, i) => table.headers[i] ?? '');
  const rows: Row[] = table.rows.map((r, i) => (r.kind === 'group' ? { key: i, group: r.text } : { key: i, cells: r.cells }));
  const columns: TableColumnsType<Row> = headers.map((h, c) => ({
    title: h,
    key: String(c),
    onCell: (row) => ('group' in row ? { colSpan: c === 0 ? width : 0 } : {}),
    render: (_, row) => ('group' in row ? (c === 0 ? <Typography.Text strong>{row.group}</Typography.Text> : null) : (row.cells[c] ?? '')),
  }));
  return (
    <Flex vertical gap={6}>
      <Typography.Text strong>
        {[table.annex, table.title ?? t('doc.tableUntitled', { n: index + 1 })].filter(Boolean).join(' ')}
        <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8 }}>
          {t('doc.tableRows', { count: table.rows.filter((r) => r.kind === 'row').length })}
        </Typography.Text>
      </Typography.Text>
      <Table<Row> size="small" bordered columns={columns} dataSource={rows} pagination={false} scroll={{ x: isPhone ? 'max-content' : undefined, y: 480 }} data-testid="annex-table" />
    </Flex>
  );
}

const EDITED_ON_IMPORT = new Set(['docNumber', 'issuer', 'date', 'preamble', 'closing']);

/**
 * What the parser read around the tree: number, issuer, date, addressee, the covering notice, preamble and closing,
 * and the annex tables. `editedAbove` leaves out what the import page's form shows for correcting (number, issuer,
 * date, preamble, closing), so the parser's first reading does not sit beside the person's correction.
 */
export function DocumentInfo({ meta, tables, sourceName, editedAbove = false }: { meta: PlanMeta; tables: DocumentTable[]; sourceName?: string | null; editedAbove?: boolean }) {
  const t = useMessages(planMessages);
  const isPhone = useIsPhone();
  const shown = (x: { key: string }) => !editedAbove || !EDITED_ON_IMPORT.has(x.key);
  const facts = [
    { key: 'docNumber', label: t('field.docNumber'), children: meta.docNumber },
    { key: 'issuer', label: t('field.issuer'), children: meta.issuer },
    { key: 'date', label: t('field.issuedOn'), children: meta.dateText ?? meta.date },
    { key: 'addressee', label: t('field.addressee'), children: meta.addressee },
    { key: 'source', label: t('field.source'), children: sourceName },
  ].filter((f) => f.children && shown(f));
  const texts = [
    { key: 'covering', label: t('doc.coveringNotice'), text: meta.coveringNotice },
    { key: 'preamble', label: t('doc.preamble'), text: meta.preamble },
    { key: 'closing', label: t('doc.closing'), text: meta.closing },
  ].filter((x) => x.text?.trim() && shown(x));
  if (!facts.length && !texts.length && !tables.length) return null;
  return (
    <Card size="small" title={t('doc.info')} data-testid="document-info">
      <Flex vertical gap={12}>
        {facts.length ? <Descriptions size="small" column={isPhone ? 1 : 3} items={facts} /> : null}
        {texts.length ? (
          <Collapse
            size="small"
            items={texts.map((x) => ({
              key: x.key,
              label: x.label,
              children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{x.text}</Typography.Paragraph>,
            }))}
          />
        ) : null}
        {tables.length ? (
          <Collapse
            size="small"
            items={[
              {
                key: 'tables',
                label: t('doc.tables', { count: tables.length }),
                children: (
                  <Flex vertical gap={16}>
                    {tables.map((table, i) => (
                      <AnnexTable key={i} table={table} index={i} />
                    ))}
                  </Flex>
                ),
              },
            ]}
          />
        ) : null}
      </Flex>
    </Card>
  );
}
