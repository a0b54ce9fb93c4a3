import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../i18n.ts';

/** The 403 and 404 pages inside the layout. */
export function StatusPage({ status }: { status: '403' | '404' }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status={status}
      title={status}
      subTitle={status === '403' ? t('error.pageForbidden') : t('error.pageNotFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/dashboard')}>
          {t('error.backHome')}
        </Button>
      }
    />
  );
}
