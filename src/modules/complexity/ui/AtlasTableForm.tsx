import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Flex, Form, Input, InputNumber, Radio, Select, Switch, Typography } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { distinctLabels } from '../../../web/distinct-labels.ts';
import { ApiError, errorText } from '../../../web/api.ts';
import { useMessages } from '../../../web/i18n.ts';
import { complexityMessages } from './complexity.messages.ts';
import { complexityKeys } from './complexity.queries.ts';
import { complexityApi, type AtlasTableRequest } from './complexity.api.ts';

/** Whose enterprises a table counts: the atlas's region groups and the three regions of the demo. */
const SCOPES = ['jjj', 'yrd', 'gba', '110000', '120000', '130000'] as const;

/**
 * 从产业链图谱生成: a table built by the server from the atlas's enterprises (a chain's segments or GB/T 4754 codes ×
 * provinces, cities or districts; enterprises or employees; founded by a year), analysed like an upload. The page
 * opened from a chain's analysis (`?fromChain=`) starts with that chain chosen.
 */
export function AtlasTableForm() {
  const t = useMessages(complexityMessages);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const [form] = Form.useForm<AtlasTableRequest>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const chains = useQuery({ queryKey: ['complexity', 'atlas-chains'], queryFn: () => complexityApi.chains() });
  // A region's adapted copy and the shared chain of the same name: each named with its region, or 共享.
  const chainList = chains.data ?? [];
  const chainOptions = distinctLabels(chainList, (c) => c.name, (c) => c.regionName ?? t('atlas.sharedChain')).map((label, i) => ({ value: chainList[i]!.id, label }));
  const initial: Partial<AtlasTableRequest> = {
    chainId: search.get('fromChain') ?? undefined,
    by: 'segment',
    measure: 'count',
    year: new Date().getFullYear(),
    confirmedOnly: false,
    regions: 'jjj',
    level: 'prefecture',
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setFailure(null);
    try {
      const analysis = await complexityApi.fromAtlas({ ...values, name: values.name?.trim() || undefined });
      queryClient.setQueryData(complexityKeys.analysis(analysis.id), analysis);
      await queryClient.invalidateQueries({ queryKey: complexityKeys.list() });
      navigate(`/complexity/${analysis.id}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12} data-testid="atlas-table-form">
      <Typography.Text type="secondary">{t('atlas.intro')}</Typography.Text>
      <Form form={form} name="atlasTable" layout="inline" initialValues={initial} style={{ rowGap: 12 }}>
        <Form.Item name="chainId" label={t('atlas.chain')} rules={[{ required: true, message: t('atlas.chainRequired') }]}>
          <Select
            style={{ width: 220 }}
            loading={chains.isPending}
            options={chainOptions}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('atlas.chainRequired')}
            data-testid="atlas-chain"
          />
        </Form.Item>
        <Form.Item name="by" label={t('atlas.by')}>
          <Radio.Group optionType="button" options={[{ value: 'segment', label: t('atlas.by.segment') }, { value: 'industry', label: t('atlas.by.industry') }]} />
        </Form.Item>
        <Form.Item name="measure" label={t('atlas.measure')} tooltip={t('atlas.measureNote')}>
          <Radio.Group optionType="button" options={[{ value: 'count', label: t('atlas.measure.count') }, { value: 'employees', label: t('atlas.measure.employees') }]} />
        </Form.Item>
        <Form.Item name="year" label={t('atlas.year')} tooltip={t('atlas.yearNote')} rules={[{ required: true }]}>
          <InputNumber min={1949} max={new Date().getFullYear() + 1} precision={0} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="regions" label={t('atlas.scope')}>
          <Select style={{ width: 160 }} options={SCOPES.map((s) => ({ value: s, label: t(`atlas.scope.${s}`) }))} />
        </Form.Item>
        <Form.Item name="level" label={t('atlas.level')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'province', label: t('atlas.level.province') },
              { value: 'prefecture', label: t('atlas.level.prefecture') },
              { value: 'county', label: t('atlas.level.county') },
            ]}
          />
        </Form.Item>
        <Form.Item name="confirmedOnly" label={t('atlas.confirmedOnly')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="name" label={t('form.name')}>
          <Input style={{ width: 220 }} maxLength={200} placeholder={t('atlas.namePlaceholder')} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" icon={<ApartmentOutlined />} loading={busy} onClick={() => void submit()} data-testid="atlas-run">
            {t('atlas.run')}
          </Button>
        </Form.Item>
      </Form>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} data-testid="atlas-failure" /> : null}
    </Flex>
  );
}
