import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { matchPath, Navigate, Route, Routes } from 'react-router';
import { Flex, Spin } from 'antd';
import { pageRoutes, routeVisible, type PageRoute } from './routes.ts';
import { RequireSession, useMe } from './session.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { StatusPage } from './pages/StatusPage.tsx';

// Each route's module loaded at most once, by whoever asks first.
const loaders = new Map(
  pageRoutes.map((r) => {
    let loading: ReturnType<PageRoute['lazy']> | null = null;
    return [r, () => (loading ??= r.lazy())] as const;
  }),
);
// One lazy component per route, made once so React keeps the loaded module.
const lazyPages = new Map<PageRoute, LazyExoticComponent<ComponentType>>(pageRoutes.map((r) => [r, lazy(loaders.get(r)!)]));
// The page the app opens at starts loading with the app instead of after the session check and the layout (a page
// opened from a link or a bookmark waited for both, one after the other, before asking for its code).
const opening = typeof window === 'undefined' ? undefined : pageRoutes.find((r) => matchPath(r.path, window.location.pathname));
if (opening) {
  void loaders.get(opening)!().catch(() => undefined);
  opening.preload?.(matchPath(opening.path, window.location.pathname)!.params);
}

function PageLoading() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240 }}>
      <Spin />
    </Flex>
  );
}

function GuardedPage({ route }: { route: PageRoute }) {
  const me = useMe();
  if (!routeVisible(route, me)) return <StatusPage status="403" />;
  const Page = lazyPages.get(route)!;
  return (
    <ErrorBoundary key={route.path}>
      <Suspense fallback={<PageLoading />}>
        <Page />
      </Suspense>
    </ErrorBoundary>
  );
}

/** A page open to anyone (no session needed), outside the layout. */
function PublicPage({ route }: { route: PageRoute }) {
  const Page = lazyPages.get(route)!;
  return (
    <ErrorBoundary key={route.path}>
      <Suspense fallback={<PageLoading />}>
        <Page />
      </Suspense>
    </ErrorBoundary>
  );
}

/** The routes: sign-in and public pages outside the layout, every other registered page inside it. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {pageRoutes
        .filter((route) => route.public)
        .map((route) => (
          <Route key={route.path} path={route.path} element={<PublicPage route={route} />} />
        ))}
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<Navigate to="/dashboard" replace />} />
        {pageRoutes.filter((route) => !route.public).map((route) => (
          <Route key={route.path} path={route.path} element={<GuardedPage route={route} />} />
        ))}
        <Route path="*" element={<StatusPage status="404" />} />
      </Route>
    </Routes>
  );
}
