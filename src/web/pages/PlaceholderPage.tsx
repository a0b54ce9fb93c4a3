import { Card, Result } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useLocale, translate, useT, type Message } from '../i18n.ts';

/** Stands in for a module not built yet and says what it will hold. */
export default function PlaceholderPage({ description }: { description: Message }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Card>
      <Result icon={<ToolOutlined />} title={t('placeholder.title')} subTitle={translate(description, undefined, locale)} />
    </Card>
  );
}
