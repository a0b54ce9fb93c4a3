/**
 * Who is signed in: loads GET /api/auth/me once, keeps its CSRF token for the API client, and sends the user to
 * the sign-in page when the server answers 401. Pages read `me.can` and records' `abilities`, never roles.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Flex, Spin } from 'antd';
import { api, setCsrfToken, setPasswordChangeRequiredHandler, setUnauthenticatedHandler } from './api.ts';
import { setLocale } from './i18n.ts';
import type { LoginResponse, MeResponse, RoleGrantResponse } from '../modules/org/org.schema.ts';

/** A role held by an account; unit roles name their unit. */
export type RoleGrant = RoleGrantResponse;

/**
 * The signed-in account as GET /api/auth/me returns it. `can` says what the server's policy allows this account in
 * general (menus and buttons read these flags); `abilities` what it may do with its own account.
 */
export type Me = MeResponse;

interface SessionValue {
  me: Me | null;
  status: 'loading' | 'signed-in' | 'signed-out';
  /** Why there is no session: the server ended it (401), the user signed out, or there was none to begin with. */
  endedBy: 'expiry' | 'sign-out' | null;
  signIn: (username: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** The session: `me`, sign in and out. Must be used under SessionProvider. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in account; only for pages inside RequireSession. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}

function adopt(me: Me): Me {
  setCsrfToken(me.csrfToken);
  // The account's language wins once signed in (it is saved there whenever the person switches), so a new browser
  // opens in the language the person chose; kept in this browser too, for the sign-in page.
  setLocale(me.locale);
  return me;
}

/** Provides the session to the app; must sit inside the router. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<SessionValue['status']>('loading');
  const [endedBy, setEndedBy] = useState<SessionValue['endedBy']>(null);
  const navigate = useNavigate();
  // Cached server data belongs to the account that asked for it: a new sign-in or a sign-out starts empty.
  const queryClient = useQueryClient();

  const loadMe = useCallback(async () => {
    try {
      const loaded = adopt(await api.get<Me>('/api/auth/me', undefined, { allowUnauthenticated: true }));
      setMe(loaded);
      setStatus('signed-in');
      return loaded;
    } catch (error) {
      setMe(null);
      setCsrfToken(null);
      setStatus('signed-out');
      throw error;
    }
  }, []);

  useEffect(() => {
    loadMe().catch(() => undefined);
  }, [loadMe]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setMe(null);
      setCsrfToken(null);
      setStatus('signed-out');
      setEndedBy('expiry');
    });
    return () => setUnauthenticatedHandler(null);
  }, []);

  // A 403 password_change_required means the account now has a temporary password: reloading it brings up the
  // forced change-password dialog (AppLayout opens it on must_change_password).
  useEffect(() => {
    setPasswordChangeRequiredHandler(() => {
      loadMe().catch(() => undefined);
    });
    return () => setPasswordChangeRequiredHandler(null);
  }, [loadMe]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const { csrfToken } = await api.post<LoginResponse>('/api/auth/login', { username, password });
      setCsrfToken(csrfToken);
      setEndedBy(null);
      queryClient.clear();
      return loadMe();
    },
    [loadMe, queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      setMe(null);
      setCsrfToken(null);
      setEndedBy('sign-out');
      setStatus('signed-out');
      queryClient.clear();
      navigate('/login', { replace: true });
    }
  }, [navigate, queryClient]);

  const refresh = useCallback(async () => {
    await loadMe();
  }, [loadMe]);

  const value = useMemo(() => ({ me, status, endedBy, signIn, signOut, refresh }), [me, status, endedBy, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Renders its children for a signed-in user; otherwise goes to /login?next=<here> (plain /login after signing out). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { status, endedBy } = useSession();
  const location = useLocation();
  if (status === 'loading') {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (status === 'signed-out') {
    const next = endedBy === 'sign-out' ? '' : location.pathname + location.search;
    return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <>{children}</>;
}
