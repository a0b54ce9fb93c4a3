import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Empty, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { atlasApi, type Decision, type LinkResponse } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { EnterpriseMemberships } from './EnterpriseMemberships.tsx';
import { EnterpriseMatch } from './EnterpriseMatch.tsx';
import { EnterpriseLinkForm } from './EnterpriseLinkForm.tsx';

export const DECISION_COLOUR: Record<Decision, string> = { confirmed: 'green', uncertain: 'gold', rejected: 'default' };
export const EVIDENCE_COLOUR = { strong: 'blue', medium: 'cyan', weak: 'default' } as const;

/**
 * One enterprise: its fields, tags, the intermediaries it is a member of, its segment links (evidence, source, as-of
 * date, decision) with the decision buttons, and its 成龙配套 (suppliers and customers nearby) on demand.
 */
export function EnterpriseDrawer({ target, onClose }: { target: { regionCode: string; id: string } | null; onClose: () => void }) {
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const client = useQueryClient();
  const detail = useQuery({
    queryKey: ['atlas', 'enterprise', target?.regionCode, target?.id],
    queryFn: () => atlasApi.enterprise(target!.regionCode, target!.id),
    enabled: target !== null,
  });
  const [deciding, setDeciding] = useState<{ link: LinkResponse; decision: Decision } | null>(null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const e = detail.data;
  const asOf = e ? e.updatedAt.slice(0, 10) : '';
  // A label's colon as each language writes it: 证据：强, Evidence: Weak.
  const colon = locale === 'en-US' ? ': ' : '：';

  const save = async () => {
    if (!deciding || !e) return;
    setSaving(true);
    try {
      await atlasApi.decide(e.regionCode, e.id, deciding.link.chainId, deciding.link.segmentKey, { decision: deciding.decision, note: note.trim() || null });
      void feedback.message.success(t('decision.saved'));
      setDeciding(null);
      await client.invalidateQueries({ queryKey: ['atlas'] });
    } catch (error) {
      feedback.error(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer open={target !== null} onClose={onClose} width={640} title={e?.name ?? ''} destroyOnClose>
      {detail.error ? <Alert type="error" message={errorText(detail.error)} /> : null}
      {e ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered title={t('detail.fields')}>
            <Descriptions.Item label={t('ent.col.uscc')}>{e.uscc ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('ent.col.region')}>{`${e.regionName ?? ''} ${e.regionCode}`}</Descriptions.Item>
            <Descriptions.Item label={t('detail.address')}>{e.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('ent.col.size')}>{e.sizeBand ? t(`size.${e.sizeBand}` as 'size.large') : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('detail.employees')}>{e.employees === null ? '—' : t('detail.employeesValue', { count: e.employees, date: asOf })}</Descriptions.Item>
            <Descriptions.Item label={t('detail.founded')}>{e.foundedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('ent.col.tags')}>{e.tags.length ? e.tags.map((x) => <Tag key={x}>{x}</Tag>) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('ent.col.products')}>{e.mainProducts.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('detail.asOf')}>{formatDateTime(e.updatedAt, locale)}</Descriptions.Item>
          </Descriptions>
          {e.uscc ? <EnterpriseMemberships uscc={e.uscc} /> : null}
          <div>
            <Typography.Title level={5}>{t('detail.links')}</Typography.Title>
            {e.abilities.decide ? (
              <div style={{ marginBottom: 12 }}>
                <EnterpriseLinkForm regionCode={e.regionCode} id={e.id} />
              </div>
            ) : null}
            {e.links.length === 0 ? (
              <Empty description={t('detail.noLinks')} />
            ) : (
              <List
                dataSource={e.links}
                renderItem={(l) => (
                  <List.Item
                    data-testid={`link-${l.segmentKey}`}
                    actions={
                      e.abilities.decide
                        ? [
                            <Button key="c" size="small" type={l.decision === 'confirmed' ? 'primary' : 'default'} onClick={() => (setNote(l.note ?? ''), setDeciding({ link: l, decision: 'confirmed' }))}>
                              {t('decision.confirm')}
                            </Button>,
                            <Button key="u" size="small" onClick={() => (setNote(l.note ?? ''), setDeciding({ link: l, decision: 'uncertain' }))}>
                              {t('decision.uncertainAction')}
                            </Button>,
                            <Button key="r" size="small" danger={l.decision !== 'rejected'} onClick={() => (setNote(l.note ?? ''), setDeciding({ link: l, decision: 'rejected' }))}>
                              {t('decision.reject')}
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          <span>
                            {l.chainName ?? l.chainId} · {l.segmentName ?? `${l.segmentKey} ${t('detail.segmentGone')}`}
                          </span>
                          <Tag color={DECISION_COLOUR[l.decision]}>{t(`decision.${l.decision}`)}</Tag>
                        </Space>
                      }
                      description={
                        <Space direction="vertical" size={0}>
                          <Space size={6} wrap split={<Typography.Text type="secondary">·</Typography.Text>} data-testid="link-evidence">
                            <span>
                              {t('evidence.label')}
                              {colon}
                              <Tag color={EVIDENCE_COLOUR[l.evidence]} style={{ marginInlineEnd: 0 }}>
                                {t(`evidence.${l.evidence}`)}
                              </Tag>
                            </span>
                            <span>
                              {t('detail.source')}
                              {colon}
                              {l.source}
                            </span>
                            {/* The date on one line (2026-09-30, never 2026-09- / 30). */}
                            <span style={{ whiteSpace: 'nowrap' }}>
                              {t('detail.linkAsOf')} {l.asOf}
                            </span>
                          </Space>
                          {l.note ? <Typography.Text type="secondary">{l.note}</Typography.Text> : null}
                          {l.decidedBy ? (
                            <Typography.Text type="secondary">
                              {t('detail.decidedBy')}
                              {colon}
                              {l.decidedBy} · {formatDateTime(l.updatedAt, locale)}
                            </Typography.Text>
                          ) : null}
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </div>
          {e.uscc ? <EnterpriseMatch uscc={e.uscc} /> : null}
        </Space>
      ) : null}
      <Modal
        open={deciding !== null}
        title={deciding ? t('decision.title', { segment: deciding.link.segmentName ?? deciding.link.segmentKey }) : ''}
        onCancel={() => setDeciding(null)}
        onOk={() => void save()}
        okText={deciding ? t(deciding.decision === 'confirmed' ? 'decision.confirm' : deciding.decision === 'rejected' ? 'decision.reject' : 'decision.uncertainAction') : ''}
        cancelText={t('import.cancel')}
        confirmLoading={saving}
      >
        <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(ev) => setNote(ev.target.value)} placeholder={t('decision.note')} aria-label={t('decision.note')} />
      </Modal>
    </Drawer>
  );
}
