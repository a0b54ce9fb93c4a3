import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Col, Empty, Flex, Form, Input, InputNumber, Popconfirm, Progress, Row, Select, Switch, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { DeleteOutlined, FileTextOutlined, InboxOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { ApiError, detailText, errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages, useT } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { useMe } from '../../../web/session.tsx';
import { complexityMessages } from './complexity.messages.ts';
import { complexityKeys, complexityQueries } from './complexity.queries.ts';
import { complexityApi, uploadTable, type Analysis, type AnalysisStatus } from './complexity.api.ts';
import { guessColumns, HEAD_BYTES, readCsvHead, type CsvHead } from './csv-header.ts';
import { AtlasTableForm } from './AtlasTableForm.tsx';

interface RunFields {
  name?: string;
  loc: string;
  prod: string;
  val: string;
  time?: string;
  pop?: string;
  presence?: string;
  label?: string;
  threshold: number;
  asymmetric: boolean;
  continuous: boolean;
}

const STATUS_COLOR: Record<AnalysisStatus, string> = { running: 'processing', done: 'success', failed: 'error' };
const POLL_MS = 500;

/** The upload of a table: choose its columns and options, run, and follow the run until its results are ready. */
function NewAnalysis({ onStarted }: { onStarted: () => void }) {
  const t = useMessages(complexityMessages);
  const feedback = useFeedback();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<RunFields>();
  const [file, setFile] = useState<File | null>(null);
  const [head, setHead] = useState<CsvHead | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const queryClient = useQueryClient();
  // Follow a started run (polled while it runs) until it is done (then open it) or failed (then say why).
  const followed = useQuery({
    ...complexityQueries.get(runId ?? ''),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? POLL_MS : false),
  });
  const run = runId ? (followed.data ?? null) : null;

  useEffect(() => {
    if (run?.status === 'done') navigate(`/complexity/${run.id}`);
  }, [run, navigate]);
  useEffect(() => {
    if (!followed.error) return;
    setRunId(null);
    feedback.error(followed.error);
  }, [followed.error, feedback]);

  const choose = async (chosen: File) => {
    if (!/\.(csv|txt)$/i.test(chosen.name)) {
      void feedback.message.error(t('upload.notCsv', { name: chosen.name }));
      return;
    }
    const parsed = readCsvHead(new Uint8Array(await chosen.slice(0, HEAD_BYTES).arrayBuffer()));
    if (parsed.columns.length < 3) {
      void feedback.message.error(t('upload.noHeader'));
      return;
    }
    setFile(chosen);
    setHead(parsed);
    setRunId(null);
    setFailure(null);
    form.resetFields();
    form.setFieldsValue({ ...guessColumns(parsed), threshold: 1, asymmetric: false, continuous: false });
  };

  const start = async () => {
    if (!file) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setFailure(null);
    setSent(0);
    try {
      const analysis = await uploadTable(
        file,
        {
          name: values.name,
          columns: { loc: values.loc, prod: values.prod, val: values.val, time: values.time, pop: values.pop, presence: values.presence, label: values.label },
          threshold: values.threshold ?? 1,
          asymmetric: values.asymmetric,
          continuous: values.continuous,
        },
        me.csrfToken,
        setSent,
      );
      queryClient.setQueryData(complexityKeys.analysis(analysis.id), analysis);
      setRunId(analysis.id);
      onStarted();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      setFailure(error);
    } finally {
      setSent(null);
    }
  };

  const columnOptions = (head?.columns ?? []).map((c) => ({ value: c, label: c }));
  const distinct = ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator(_: unknown, value: string | undefined) {
      const roles = ['loc', 'prod', 'time'].map((k) => getFieldValue(k)).filter(Boolean);
      return value && roles.filter((r) => r === value).length > 1 ? Promise.reject(new Error(t('form.distinct'))) : Promise.resolve();
    },
  });
  const busy = sent !== null || run?.status === 'running';

  if (!file || !head) {
    return (
      <div data-testid="complexity-upload">
        <Upload.Dragger accept=".csv,.txt" multiple={false} showUploadList={false} beforeUpload={(f) => (void choose(f), false)}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('upload.title')}</p>
          <p className="ant-upload-hint">{t('upload.hint')}</p>
        </Upload.Dragger>
      </div>
    );
  }

  const failureTitle = failure ? errorText(failure) : '';
  // A bad table's one detail repeats the title (less the file name): list only details that add something.
  const failureDetails = failure instanceof ApiError ? failure.details.filter((d) => (d.line !== undefined || d.field) && !failureTitle.includes(detailText(d, failure))) : [];
  return (
    <Flex vertical gap={16} data-testid="complexity-form">
      <Flex align="center" gap={8} wrap>
        <FileTextOutlined />
        <Typography.Text strong>{file.name}</Typography.Text>
        <Typography.Text type="secondary">{t('file.columns', { count: head.columns.length })}</Typography.Text>
        <Upload accept=".csv,.txt" multiple={false} showUploadList={false} beforeUpload={(f) => (void choose(f), false)} disabled={busy}>
          <Button type="link" size="small" disabled={busy}>
            {t('upload.change')}
          </Button>
        </Upload>
      </Flex>
      <Table
        size="small"
        title={() => t('file.preview')}
        rowKey={(_, i) => String(i)}
        columns={head.columns.map((c, i) => ({ title: c, dataIndex: i, ellipsis: true, width: 140 }))}
        dataSource={head.rows.map((r) => ({ ...r }))}
        pagination={false}
        scroll={{ x: head.columns.length * 140 }}
        data-testid="complexity-preview"
      />
      <Form form={form} layout="vertical" disabled={busy} requiredMark>
        <Row gutter={16}>
          {(['loc', 'prod', 'val'] as const).map((key) => (
            <Col xs={24} md={8} key={key}>
              <Form.Item name={key} label={t(`form.${key}`)} rules={[{ required: true, message: t('form.required') }, ...(key === 'val' ? [] : [distinct])]} dependencies={key === 'val' ? [] : ['loc', 'prod', 'time']}>
                <Select options={columnOptions} showSearch placeholder={t('form.required')} data-testid={`column-${key}`} />
              </Form.Item>
            </Col>
          ))}
          {(['time', 'pop', 'presence', 'label'] as const).map((key) => (
            <Col xs={24} md={8} key={key}>
              <Form.Item name={key} label={t(`form.${key}`)} tooltip={t(`form.${key}Help`)} rules={key === 'time' ? [distinct] : []} dependencies={key === 'time' ? ['loc', 'prod'] : []}>
                <Select options={columnOptions} allowClear showSearch placeholder={t('form.none')} data-testid={`column-${key}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Row gutter={16} align="bottom">
          <Col xs={24} md={8}>
            <Form.Item name="threshold" label={t('form.threshold')} tooltip={t('form.thresholdHelp')}>
              <InputNumber min={0} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="asymmetric" label={t('form.asymmetric')} tooltip={t('form.asymmetricHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="continuous" label={t('form.continuous')} tooltip={t('form.continuousHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t('form.name')}>
              <Input placeholder={t('form.namePlaceholder')} maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {failure ? (
        <Alert
          type="error"
          showIcon
          title={failureTitle}
          description={
            failureDetails.length > 0 && failure instanceof ApiError ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {failureDetails.map((d, i) => (
                  <li key={i}>{detailText(d, failure)}</li>
                ))}
              </ul>
            ) : undefined
          }
          data-testid="complexity-error"
        />
      ) : null}
      {run?.status === 'failed' ? <Alert type="error" showIcon title={t('analysis.failed')} description={errorText(new ApiError(400, 'failed', run.error ?? ''))} data-testid="complexity-error" /> : null}
      <Flex align="center" gap={16} wrap>
        <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => void start()} loading={busy} data-testid="complexity-run">
          {t('form.run')}
        </Button>
        {sent !== null ? <RunProgress percent={Math.round(sent * 100)} text={sent < 1 ? t('upload.sending', { name: file.name }) : t('upload.reading')} /> : null}
        {run?.status === 'running' ? <RunProgress percent={Math.round(run.progress * 100)} text={run.progress < 0.05 ? t('run.queued') : t('run.progress', { percent: Math.round(run.progress * 100) })} /> : null}
      </Flex>
    </Flex>
  );
}

function RunProgress({ percent, text }: { percent: number; text: string }) {
  return (
    <Flex vertical style={{ flex: 1, minWidth: 200, maxWidth: 420 }} data-testid="complexity-progress">
      <Progress percent={percent} status="active" size="small" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {text}
      </Typography.Text>
    </Flex>
  );
}

/** 经济复杂度: upload a table and run an analysis; the list of past analyses. */
export default function ComplexityPage() {
  const t = useMessages(complexityMessages);
  const tc = useT();
  const locale = useLocale();
  const isPhone = useIsPhone();
  const feedback = useFeedback();
  // While something runs, the query polls the list to follow its progress (complexity.queries.ts).
  const list = useQuery(complexityQueries.list());
  const queryClient = useQueryClient();
  // Unit viewers read analyses; unit editors and above run them (complexityPolicy.analysis.create).
  const mayRun = useMe().can.runAnalyses === true;
  const analyses = list.data ?? [];
  const reload = useCallback(() => queryClient.invalidateQueries({ queryKey: complexityKeys.all }), [queryClient]);

  const remove = async (a: Analysis) => {
    try {
      await complexityApi.remove(a.id);
      void feedback.message.success(t('delete.done'));
      await reload();
    } catch (error) {
      feedback.error(error);
    }
  };

  const statusTag = (a: Analysis) =>
    a.status === 'running' ? (
      <Progress percent={Math.round(a.progress * 100)} size="small" status="active" style={{ width: 120, margin: 0 }} />
    ) : (
      <Tag color={STATUS_COLOR[a.status]} style={{ marginInlineEnd: 0 }}>
        {t(`status.${a.status}`)}
      </Tag>
    );
  const size = (a: Analysis) => {
    const first = a.summary?.periods[0];
    if (!first) return '';
    const text = t('size.value', { locations: first.locations, products: first.products });
    return a.summary!.periods.length > 1 ? `${text} · ${t('size.periods', { count: a.summary!.periods.length })}` : text;
  };

  const columns: TableColumnsType<Analysis> = [
    {
      title: t('col.name'),
      dataIndex: 'name',
      render: (name: string, a) => (
        <Flex vertical gap={2}>
          {a.status === 'done' ? (
            <Link to={`/complexity/${a.id}`} data-testid="analysis-link">
              {name}
            </Link>
          ) : (
            <Typography.Text>{name}</Typography.Text>
          )}
          {isPhone ? (
            <Flex gap={6} wrap align="center">
              {statusTag(a)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {size(a)}
              </Typography.Text>
            </Flex>
          ) : a.status === 'failed' && a.error ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {errorText(new ApiError(400, 'failed', a.error))}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    ...(isPhone
      ? []
      : ([
          { title: t('col.source'), dataIndex: 'source_name', ellipsis: true, width: 200 },
          { title: t('col.status'), key: 'status', width: 140, render: (_: unknown, a: Analysis) => statusTag(a) },
          { title: t('col.size'), key: 'size', width: 220, render: (_: unknown, a: Analysis) => size(a) },
          { title: t('col.created'), dataIndex: 'created_at', width: 170, render: (v: string) => formatDateTime(v, locale) },
        ] satisfies TableColumnsType<Analysis>)),
    {
      title: tc('common.actions'),
      key: 'actions',
      width: 64,
      render: (_: unknown, a: Analysis) =>
        a.abilities.includes('delete') ? (
          <Popconfirm title={t('delete.confirm', { name: a.name })} okText={tc('common.delete')} cancelText={tc('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => remove(a)}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={tc('common.delete')} title={tc('common.delete')} />
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader title={t('nav.complexity')} />
      <Flex vertical gap={16}>
        <Card size="small">
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            {t('intro')}
          </Typography.Paragraph>
          {mayRun ? <NewAnalysis onStarted={() => void reload()} /> : null}
        </Card>
        {mayRun ? (
          <Card size="small" title={t('atlas.title')}>
            <AtlasTableForm />
          </Card>
        ) : null}
        <Card size="small" title={t('list.title')}>
          {list.error ? <Typography.Text type="danger">{errorText(list.error)}</Typography.Text> : null}
          <Table<Analysis>
            rowKey="id"
            size={isPhone ? 'small' : 'middle'}
            columns={columns}
            dataSource={analyses}
            loading={list.isPending}
            pagination={analyses.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} /> }}
            data-testid="analysis-table"
          />
        </Card>
      </Flex>
    </>
  );
}
