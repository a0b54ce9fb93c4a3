import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Col, Flex, Form, Input, Popconfirm, Row, Select, Steps } from 'antd';
import { SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { planMessages } from './plans.messages.ts';
import { plansApi, PLAN_TYPES, type ParsedUpload, type PlanType } from './plans.api.ts';
import { countNodes, emptyNodeIds, idMaker, toEditorTree, toPlanNodes } from './plan-tree.ts';
import { isoDateOrNull } from './plans.format.ts';
import { useInvalidatePlans } from './plans.queries.ts';
import { TreeEditor } from './TreeEditor.tsx';
import { DocumentInfo, ParserWarnings } from './DocumentInfo.tsx';
import { UploadBox, useUpload } from './UploadBox.tsx';
import { useTreeHistory } from './useTreeHistory.ts';
import { useHomeRegion } from './usePlanDirectory.ts';

const ACCEPT = ['.docx', '.pdf', '.txt', '.md'];

interface PlanFields {
  title: string;
  planType: PlanType;
  issuer: string;
  docNumber: string;
  issuedOn: string;
  /** Named as the server names them (meta.preamble), so its field errors land on these boxes. */
  meta: { preamble: string; closing: string };
}

/** Up to the server's limits (ledger.schema.ts), so a long paste is cut here rather than refused there. */
const MAX = { title: 300, issuer: 200, docNumber: 100, text: 100_000 };

/**
 * Import an official document: upload it, check the parsed tree against the source and fix what the parser got
 * wrong, then save it as a plan. Nothing is saved before “保存为规划”.
 */
export default function PlanImportPage() {
  const t = useMessages(planMessages);
  const feedback = useFeedback();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const upload = useUpload();
  const region = useHomeRegion();
  const invalidatePlans = useInvalidatePlans();
  const [form] = Form.useForm<PlanFields>();
  const [parsed, setParsed] = useState<ParsedUpload | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // A corrected title or preamble is work to lose, as much as an edited tree.
  const [formEdited, setFormEdited] = useState(false);
  const newId = useRef(idMaker('p')).current;
  const history = useTreeHistory([]);

  const read = async (file: File) => {
    try {
      const result = await upload.send<ParsedUpload>('/api/plans/parse', file);
      const doc = result.document;
      // The server proposes the title and type, by the rule it applies when a document is saved as is.
      const title = result.suggestedTitle;
      history.reset(toEditorTree(doc.nodes, newId));
      setSelectedId(null);
      setParsed(result);
      setFormEdited(false);
      form.setFieldsValue({
        title,
        planType: result.suggestedPlanType,
        issuer: doc.issuer ?? '',
        docNumber: doc.docNumber ?? '',
        issuedOn: doc.date ?? '',
        meta: { preamble: doc.preamble ?? '', closing: doc.closing ?? '' },
      });
    } catch (error) {
      feedback.error(error);
    }
  };

  const save = async () => {
    if (!parsed) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const empty = emptyNodeIds(history.tree);
    if (empty.length) {
      setSelectedId(empty[0]);
      void feedback.message.error(t('import.emptyNodes', { count: empty.length }));
      return;
    }
    const doc = parsed.document;
    const issuer = values.issuer?.trim() || null;
    const docNumber = values.docNumber?.trim() || null;
    const issuedOn = isoDateOrNull(values.issuedOn);
    setSaving(true);
    try {
      const plan = await plansApi.create({
        title: values.title.trim(),
        planType: values.planType,
        regionCode: region,
        issuer,
        docNumber,
        issuedOn,
        nodes: toPlanNodes(history.tree),
        // The document as corrected here; the date as written (二〇一九年一月二十四日) only while the date is the parsed one.
        meta: {
          title: doc.title,
          docNumber,
          issuer,
          date: issuedOn,
          preamble: values.meta.preamble?.trim() ?? '',
          closing: values.meta.closing?.trim() ?? '',
          coveringNotice: doc.coveringNotice,
          addressee: doc.addressee,
          dateText: issuedOn === doc.date ? doc.dateText : null,
          embeddedTitle: doc.embeddedTitle,
          warnings: doc.warnings,
        },
        tables: doc.tables,
        sourceName: parsed.fileName,
        sourceText: parsed.text,
      });
      void feedback.message.success(t('import.saved'));
      void invalidatePlans();
      navigate(`/plans/${plan.id}`);
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };

  const topLevel = history.tree.length;
  const changed = history.changed || formEdited;
  const step = parsed ? 1 : 0;

  return (
    <>
      <PageHeader
        title={t('import.title')}
        extra={
          parsed ? (
            <>
              <Popconfirm title={t('import.leave')} onConfirm={() => setParsed(null)} disabled={!changed}>
                <Button icon={<UploadOutlined />} onClick={changed ? undefined : () => setParsed(null)}>
                  {t('upload.another')}
                </Button>
              </Popconfirm>
              <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="plan-save">
                {t('import.save')}
              </Button>
            </>
          ) : null
        }
      />
      {isPhone ? null : (
        <Steps size="small" current={step} style={{ marginBottom: 16 }} items={[{ title: t('import.step.upload') }, { title: t('import.step.check') }, { title: t('import.step.save') }]} />
      )}
      {!parsed ? (
        <Card>
          <UploadBox
            accept={ACCEPT}
            title={t('upload.document')}
            hint={t('upload.documentHint')}
            progress={upload.progress}
            onFile={(file) => void read(file)}
            onRefused={(name) => void feedback.message.error(t('upload.wrongType', { name }))}
            testId="document-upload"
          />
        </Card>
      ) : (
        <Flex vertical gap={12}>
          <Card size="small">
            <Form form={form} layout="vertical" requiredMark={false} style={{ marginBottom: -12 }} onValuesChange={() => setFormEdited(true)}>
              <Row gutter={12}>
                <Col xs={24} md={16}>
                  <Form.Item name="title" label={t('field.title')} rules={[{ required: true, whitespace: true, message: t('field.titleRequired') }]}>
                    <Input maxLength={MAX.title} data-testid="plan-title" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="planType" label={t('field.planType')}>
                    <Select options={PLAN_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))} data-testid="plan-type" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="issuer" label={t('field.issuer')}>
                    <Input maxLength={MAX.issuer} data-testid="plan-issuer" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name="docNumber" label={t('field.docNumber')}>
                    <Input maxLength={MAX.docNumber} data-testid="plan-doc-number" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item
                    name="issuedOn"
                    label={t('field.issuedOn')}
                    rules={[{ validator: (_, v: string) => (!v?.trim() || isoDateOrNull(v) ? Promise.resolve() : Promise.reject(new Error(t('field.dateInvalid')))) }]}
                  >
                    <Input placeholder={t('field.issuedOnHint')} data-testid="plan-issued-on" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={['meta', 'preamble']} label={t('doc.preamble')} tooltip={t('field.preambleHint')}>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={MAX.text} placeholder={t('field.preambleEmpty')} data-testid="plan-preamble" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={['meta', 'closing']} label={t('doc.closing')} tooltip={t('field.closingHint')}>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={MAX.text} placeholder={t('field.closingEmpty')} data-testid="plan-closing" />
                  </Form.Item>
                </Col>
              </Row>
            </Form>
          </Card>
          <ParserWarnings warnings={parsed.document.warnings} />
          <DocumentInfo meta={parsed.document} tables={parsed.document.tables} sourceName={parsed.fileName} editedAbove />
          <Alert type="info" showIcon title={t('import.parsed', { parts: topLevel, nodes: countNodes(history.tree) })} description={t('import.fixHint')} data-testid="parse-summary" />
          <TreeEditor
            tree={history.tree}
            onEdit={history.apply}
            onUndo={history.undo}
            canUndo={history.canUndo}
            newId={newId}
            sourceText={parsed.text}
            selectedId={selectedId}
            onSelect={setSelectedId}
            height={isPhone ? undefined : 620}
          />
        </Flex>
      )}
    </>
  );
}

