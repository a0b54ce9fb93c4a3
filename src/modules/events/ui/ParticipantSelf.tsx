import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { eventMessages } from './events.messages.ts';
import type { EventDetail, ParticipantActions } from './events.api.ts';
import { AvailabilityEditor, ChainSegmentFields } from './ParticipantTools.tsx';
import { segmentLabel } from '../events.chains.domain.ts';

type T = ReturnType<typeof useMessages<typeof eventMessages>>;
type Act = (work: () => Promise<unknown>, form?: Parameters<typeof Form.useForm>[0]) => Promise<boolean>;

/**
 * What a participant does for itself, by its account (the event page's 我的参会 tab) or by its personal link (no
 * account): its description and availability, its offers and needs with chain segments, whom to meet (recommended,
 * with reasons), meeting requests, and answers to the requests it received. `actions` says which routes it goes through.
 */
export function ParticipantSelf({ d, t, me, actions, act, queryKey, header }: { d: EventDetail; t: T; me: string; actions: ParticipantActions; act: Act; queryKey: unknown[]; header?: ReactNode }) {
  const [offerForm] = Form.useForm();
  const [requestForm] = Form.useForm();
  const [profileForm] = Form.useForm();
  const [profileSaved, setProfileSaved] = useState(false);
  const self = d.participants.find((p) => p.id === me);
  const names = useMemo(() => new Map(d.participants.map((p) => [p.id, p.name])), [d.participants]);
  const others = useMemo(() => d.participants.filter((p) => p.id !== me && p.status === 'registered'), [d.participants, me]);
  const recs = useQuery({ queryKey: [...queryKey, 'recs', d.offers.length, d.requests.length], queryFn: actions.recommendations });
  const locale = useLocale();
  useEffect(() => profileForm.setFieldsValue({ description: self?.description ?? '' }), [profileForm, self?.description]);
  if (!self) return null;
  const mine = d.requests.filter((r) => r.from_id === me || r.to_id === me);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      {header}
      <Card size="small" title={t('self.profile')}>
        <Form form={profileForm} layout="vertical" onFinish={(v) => void act(() => actions.update({ description: v.description ?? null }), profileForm).then(setProfileSaved)}>
          <Form.Item name="description">
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="self-description" />
          </Form.Item>
          <Space>
            <Button htmlType="submit" data-testid="self-description-save">
              {t('self.saveProfile')}
            </Button>
            {profileSaved && <Typography.Text type="success">{t('self.saved')}</Typography.Text>}
          </Space>
        </Form>
      </Card>
      <AvailabilityEditor key={me} d={d} t={t} participantId={me} save={(slotIds) => act(() => actions.update({ availableSlotIds: slotIds }))} />
      <Card size="small" title={t('o.add')}>
        <Form
          form={offerForm}
          layout="inline"
          initialValues={{ kind: 'need' }}
          onFinish={(v) =>
            void act(() => actions.addOffer({ ...v, chainKey: v.chainKey || null, segmentKey: v.segmentKey || null, products: v.products ? String(v.products).split(/[,，、]/) : [] }), offerForm).then((ok) => ok && offerForm.resetFields())
          }
        >
          <Form.Item name="kind">
            <Select style={{ width: 80 }} options={(['offer', 'need'] as const).map((k) => ({ value: k, label: t(`o.${k}`) }))} data-testid="offer-kind" />
          </Form.Item>
          <Form.Item name="title" rules={[{ required: true }]}>
            <Input placeholder={t('o.title')} data-testid="offer-title" />
          </Form.Item>
          <Form.Item name="products">
            <Input placeholder={t('o.products')} />
          </Form.Item>
          <ChainSegmentFields form={offerForm} t={t} region={d.event.region_code} source={actions.chains} />
          <Button htmlType="submit" data-testid="offer-submit">
            {t('form.save')}
          </Button>
        </Form>
        <List
          size="small"
          data-testid="my-offers"
          dataSource={d.offers.filter((o) => o.participant_id === me)}
          renderItem={(o) => (
            <List.Item actions={[<Button key="del" size="small" type="link" onClick={() => void act(() => actions.deleteOffer(o.id))}>{t('o.delete')}</Button>]}>
              <Tag>{t(`o.${o.kind}`)}</Tag> {o.title}
              {o.chain_key && <Tag style={{ marginLeft: 8 }}>{segmentLabel(o, d.segment_names, locale === 'zh-CN' ? 'zh' : 'en')}</Tag>}
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('r.new')}>
        <Form form={requestForm} layout="inline" initialValues={{ priority: 'nice' }} onFinish={(v) => void act(() => actions.request(v), requestForm).then((ok) => ok && requestForm.resetFields())}>
          <Form.Item name="to" rules={[{ required: true }]}>
            <Select style={{ width: 240 }} placeholder={t('r.to')} options={others.map((p) => ({ value: p.id, label: p.name }))} data-testid="request-to" showSearch optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="priority">
            <Select style={{ width: 110 }} options={(['must', 'nice'] as const).map((k) => ({ value: k, label: t(`r.${k}`) }))} data-testid="request-priority" />
          </Form.Item>
          <Form.Item name="message">
            <Input placeholder={t('r.message')} data-testid="request-message" />
          </Form.Item>
          <Button htmlType="submit" type="primary" data-testid="request-submit">
            {t('r.new')}
          </Button>
        </Form>
        {recs.data && recs.data.items.length === 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} data-testid="no-recommendations">
            {t('r.noRecs')}
          </Typography.Paragraph>
        )}
        {recs.data && recs.data.items.length > 0 && (
          <List
            size="small"
            header={t('r.recommended')}
            data-testid="recommendations"
            dataSource={recs.data.items.slice(0, 10)}
            renderItem={(r) => (
              <List.Item actions={[<Button key="ask" size="small" onClick={() => requestForm.setFieldsValue({ to: r.participant_id })} data-testid="recommendation-ask">{t('r.new')}</Button>]}>
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{r.name}</Typography.Text>
                  <Typography.Text type="secondary">{r.reasons.map((x) => (locale === 'zh-CN' ? x.zh : x.en)).join('；')}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('self.requests')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={mine}
          data-testid="my-requests"
          columns={[
            { key: 'dir', width: 70, render: (_, r) => <Tag>{t(r.to_id === me ? 'self.received' : 'self.sent')}</Tag> },
            { title: t('agenda.with'), key: 'with', render: (_, r) => names.get(r.to_id === me ? r.from_id : r.to_id) },
            { title: t('r.priority'), dataIndex: 'priority', width: 90, render: (p: 'must' | 'nice') => t(`r.${p}`) },
            { title: t('r.message'), dataIndex: 'message', ellipsis: true },
            { title: t('r.status'), dataIndex: 'status', width: 90, render: (s: 'requested' | 'accepted' | 'declined' | 'cancelled') => t(`r.${s}`) },
            {
              key: 'act',
              width: 170,
              render: (_, r) => (
                <Space>
                  {r.status === 'requested' && r.to_id === me && (
                    <>
                      <Button size="small" type="primary" onClick={() => void act(() => actions.decide(r.id, 'accept'))} data-testid="accept-request">
                        {t('r.accept')}
                      </Button>
                      <Button size="small" onClick={() => void act(() => actions.decide(r.id, 'decline'))} data-testid="decline-request">
                        {t('r.decline')}
                      </Button>
                    </>
                  )}
                  {(r.status === 'requested' || r.status === 'accepted') && r.from_id === me && (
                    <Button size="small" danger onClick={() => void act(() => actions.decide(r.id, 'cancel'))}>
                      {t('r.cancel')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
