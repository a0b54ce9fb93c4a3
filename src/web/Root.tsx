import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { BrowserRouter } from 'react-router';
import { useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { useLocale } from './i18n.ts';
import { SessionProvider } from './session.tsx';
import { AppRoutes } from './router.tsx';
import { createQueryClient } from './query.ts';
import './china-clock.ts';

/** The whole UI: language, theme, feedback (messages, modals), the server-data cache, router and session. */
export function Root() {
  const locale = useLocale();
  const [queryClient] = useState(createQueryClient);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <SessionProvider>
              <AppRoutes />
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
