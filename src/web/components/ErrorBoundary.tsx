import { Component, type ReactNode } from 'react';
import { Alert, Button } from 'antd';
import { t } from '../i18n.ts';

/** Catches a page that fails to render or to load its code (e.g. after a redeploy) and offers a reload. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert
        type="error"
        showIcon
        title={t('error.pageLoad')}
        description={this.state.error.message}
        action={
          <Button size="small" onClick={() => window.location.reload()}>
            {t('common.refresh')}
          </Button>
        }
      />
    );
  }
}
