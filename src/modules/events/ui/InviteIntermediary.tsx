import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Modal, Select, Space, Typography } from 'antd';
import { useMessages } from '../../../web/i18n.ts';
import type { InviteIntermediaryResult } from '../events.schema.ts';
import { eventsApi, linkPath } from './events.api.ts';
import { eventMessages } from './events.messages.ts';

/**
 * An organiser routes the event through an intermediary (协会、联盟、中介机构): its members in the directory are registered
 * as participants, and their personal links are shown once, as a list to copy and send through the intermediary.
 */
export function InviteIntermediary({ id, act }: { id: string; act: (work: () => Promise<unknown>) => Promise<boolean> }) {
  const t = useMessages(eventMessages);
  const [chosen, setChosen] = useState<string | undefined>();
  const [result, setResult] = useState<Awaited<ReturnType<typeof eventsApi.inviteIntermediary>> | null>(null);
  const intermediaries = useQuery({ queryKey: ['atlas', 'intermediaries', 'for-events'], queryFn: eventsApi.intermediaries });
  const invite = () =>
    void act(async () => {
      const r = await eventsApi.inviteIntermediary(id, chosen!);
      setResult(r);
      return r;
    });
  const links = (r: InviteIntermediaryResult) => r.invited.map((p) => `${p.name}\t${window.location.origin}${linkPath(id, p.link_token)}`).join('\n');
  return (
    <Card size="small" title={t('inv.title')} style={{ marginTop: 16, maxWidth: 640 }} data-testid="invite-intermediary">
      <Typography.Paragraph type="secondary">{t('inv.hint')}</Typography.Paragraph>
      <Space wrap>
        <Select
          showSearch
          optionFilterProp="label"
          style={{ width: 380 }}
          placeholder={t('inv.pick')}
          aria-label={t('inv.pick')}
          loading={intermediaries.isLoading}
          value={chosen}
          onChange={setChosen}
          options={(intermediaries.data ?? []).map((i) => ({ value: i.id, label: t('inv.members', { name: i.name, region: i.regionName, n: i.memberCount }) }))}
        />
        <Button type="primary" disabled={!chosen} onClick={invite} data-testid="invite-intermediary-go">
          {t('inv.go')}
        </Button>
      </Space>
      <Modal open={result !== null} onCancel={() => setResult(null)} footer={null} width={720} title={result ? t('inv.done', { name: result.intermediary.name, n: result.invited.length, m: result.already.length }) : ''}>
        {result && result.invited.length ? (
          <>
            <Typography.Text strong>{t('inv.links')}</Typography.Text>
            <Typography.Paragraph copyable={{ text: links(result) }}>
              <pre style={{ whiteSpace: 'pre-wrap', maxHeight: 320, overflow: 'auto' }} data-testid="invite-links">
                {links(result)}
              </pre>
            </Typography.Paragraph>
          </>
        ) : null}
      </Modal>
    </Card>
  );
}
