import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { reminderMessages } from './reminders.messages.ts';
import { reminderKeys, remindersApi, type Notification } from './reminders.api.ts';

/**
 * The bell in the header: the user's units' notifications (催办 and reminders, returned reports, escalation notices), the
 * unread count, mark read, and the way to the tab of 我的填报 each one is about.
 */
export function HeaderItem() {
  const t = useMessages(reminderMessages);
  const locale = useLocale();
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useQuery({ queryKey: reminderKeys.notifications, queryFn: remindersApi.notifications, refetchInterval: 60_000 });
  const markRead = useMutation({
    mutationFn: (ids?: string[]) => remindersApi.markRead(ids),
    onSuccess: () => void client.invalidateQueries({ queryKey: reminderKeys.notifications }),
  });
  const unread = list.data?.unread ?? 0;
  const pick = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const open = (n: Notification) => {
    if (!n.read) markRead.mutate([n.id]);
    navigate(n.kind === 'returned' ? '/reporting?tab=returned' : n.kind === 'escalation' ? '/reporting?tab=escalations' : '/reporting');
  };
  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: 'auto' }} data-testid="notifications">
      {list.data?.items.length ? (
        <List<Notification>
          size="small"
          dataSource={list.data.items}
          renderItem={(n) => (
            <List.Item style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }} onClick={() => open(n)} data-testid="notification">
              <List.Item.Meta
                title={
                  <Space size={4}>
                    {!n.read ? <Badge status="processing" /> : null}
                    <Typography.Text strong={!n.read}>{pick(n.title)}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {pick(n.body)}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary">{formatDateTime(n.createdAt, locale)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
      )}
    </div>
  );
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>{t('bell.title')}</span>
          {unread ? (
            <Button type="link" size="small" onClick={() => markRead.mutate(undefined)} data-testid="notifications-read-all">
              {t('bell.markAll')}
            </Button>
          ) : null}
        </Space>
      }
      content={content}
    >
      <Button type="text" aria-label={unread ? t('bell.unread', { n: unread }) : t('bell.title')} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
