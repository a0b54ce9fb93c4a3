import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, List, Space, Tag, Typography } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { intermediaryApi } from './intermediaries.api.ts';
import { intermediaryMessages } from './intermediaries.messages.ts';

/** The associations, alliances and other intermediaries an enterprise (by USCC) is a member of, with its role. */
export function EnterpriseMemberships({ uscc }: { uscc: string }) {
  const t = useMessages(intermediaryMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const memberships = useQuery({ queryKey: ['atlas', 'memberships', uscc], queryFn: () => intermediaryApi.memberships(uscc) });
  return (
    <div data-testid="enterprise-memberships">
      <Typography.Title level={5}>{t('im.memberships')}</Typography.Title>
      {memberships.error ? <Alert type="warning" showIcon message={errorText(memberships.error)} /> : null}
      {memberships.data && memberships.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('im.noMemberships')} />
      ) : (
        <List
          size="small"
          loading={memberships.isLoading}
          dataSource={memberships.data ?? []}
          renderItem={(m) => (
            <List.Item>
              <Space wrap>
                <span>{m.intermediary.name}</span>
                <Tag>{bi(m.intermediary.kindName)}</Tag>
                <Typography.Text type="secondary">{m.intermediary.regionName}</Typography.Text>
                <Tag color={m.role === 'member' ? undefined : 'blue'}>{bi(m.roleName)}</Tag>
                {m.since ? <Typography.Text type="secondary">{t('im.since')} {m.since}</Typography.Text> : null}
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
