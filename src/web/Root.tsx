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
import { useReducedMotion } from './layout/useMediaQuery.ts';

/** The whole UI: language, theme (no animations for a reader who asked for reduced motion), feedback (messages, modals), the server-data cache, router and session. */
export function Root() {
  const locale = useLocale();
  const [queryClient] = useState(createQueryClient);
  // A reader who asked the system for less motion gets none of antd's animations (drawers, dialogs and lists open at once).
  const reducedMotion = useReducedMotion();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { motion: !reducedMotion } }}>
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
