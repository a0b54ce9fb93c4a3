import { useContext, useState, type ReactNode } from 'react';
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { Alert, Spin } from 'antd';
import { errorText } from '../../../web/api.ts';

/**
 * Gives the page a TanStack Query client: the app's when the shell provides one, else one of its own (kept for the
 * page's lifetime), so the page works before and after the shell adopts TanStack Query.
 */
export function WithQueryClient({ children }: { children: ReactNode }) {
  const existing = useContext(QueryClientContext);
  const [own] = useState(() => (existing ? null : new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } })));
  if (existing || !own) return <>{children}</>;
  return <QueryClientProvider client={own}>{children}</QueryClientProvider>;
}

/**
 * What a page shows until its data is there: a spinner while loading, the server's reason (in the page's language) when
 * loading failed — a wrong link, no right to see it — instead of an empty page.
 */
export function Loading({ error }: { error: unknown }) {
  if (error) return <Alert type="error" showIcon title={errorText(error)} data-testid="load-error" style={{ margin: 16 }} />;
  return <Spin style={{ display: 'block', margin: 48 }} />;
}
