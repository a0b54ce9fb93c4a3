import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, detailText, errorText, fieldPath, setCsrfToken, setPasswordChangeRequiredHandler, setUnauthenticatedHandler } from './api.ts';

type Call = { url: string; init: RequestInit };

function stubFetch(status: number, body: unknown, headers: Record<string, string> = {}): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
  setPasswordChangeRequiredHandler(null);
});

describe('api', () => {
  it('sends the CSRF token on changes only, and the query without empty values', async () => {
    setCsrfToken('tok');
    const calls = stubFetch(200, { ok: true });
    await api.get('/api/units', { q: '天津', includeInactive: undefined, empty: '' });
    await api.patch('/api/units/1', { version: 3 });
    expect(calls[0].url).toBe(`/api/units?q=${encodeURIComponent('天津')}`);
    expect((calls[0].init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((calls[1].init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(calls[1].init.body).toBe('{"version":3}');
  });

  it('turns the error shape into ApiError with field details and Retry-After', async () => {
    stubFetch(429, { error: { code: 'rate_limited', message: '太多 / too many', details: [{ field: 'password', message: 'x' }] } }, { 'retry-after': '90' });
    const error = (await api.post('/api/auth/login', {}).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.retryAfterSeconds, error.details[0].field]).toEqual([429, 'rate_limited', 90, 'password']);
  });

  it('calls the sign-in handler on 401 unless the caller takes care of it', async () => {
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    stubFetch(401, { error: { code: 'unauthenticated', message: 'Sign in first', details: [] } });
    await api.get('/api/units').catch(() => undefined);
    await api.get('/api/auth/me', undefined, { allowUnauthenticated: true }).catch(() => undefined);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('calls the password-change handler when the server holds the account to changing its password', async () => {
    const handler = vi.fn();
    setPasswordChangeRequiredHandler(handler);
    stubFetch(403, { error: { code: 'forbidden', message: 'no', details: [] } });
    await api.get('/api/audit').catch(() => undefined);
    expect(handler).not.toHaveBeenCalled();
    stubFetch(403, { error: { code: 'password_change_required', message: '请先修改密码 / change your password first', details: [] } });
    await expect(api.get('/api/units')).rejects.toMatchObject({ status: 403, code: 'password_change_required' });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.get('/api/units')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('field details', () => {
  it('map server field names onto form name paths', () => {
    expect(fieldPath('roles[0].unitId')).toEqual(['roles', 0, 'unitId']);
    expect(fieldPath('name')).toEqual(['name']);
  });

  it('read in the UI language, the message standing in for terse English details', async () => {
    stubFetch(409, {
      error: { code: 'conflict', message: '已有同名单位 / a unit named "x" already exists', zh: '已有同名单位', en: 'a unit named "x" already exists', details: [{ field: 'name', message: 'duplicate', zh: 'duplicate', en: 'duplicate' }] },
    });
    const error = (await api.post('/api/units', {}).catch((e: unknown) => e)) as ApiError;
    expect(detailText(error.details[0], error, 'zh-CN')).toBe('已有同名单位');
    expect(detailText(error.details[0], error, 'en-US')).toBe('a unit named "x" already exists');
    const weak = new ApiError(400, 'invalid_input', '新密码太弱 / too weak', [], null, { zh: '新密码太弱', en: 'too weak' });
    const detail = { field: 'newPassword', message: '密码至少 10 位 / at least 10 characters', zh: '密码至少 10 位', en: 'at least 10 characters' };
    expect(detailText(detail, weak, 'zh-CN')).toBe('密码至少 10 位');
    expect(detailText(detail, weak, 'en-US')).toBe('at least 10 characters');
  });

  it('shows the half the server sent for the UI language, never a piece of a split string', async () => {
    // The halves are taken as sent, even where a split of `message` at " / " would cut elsewhere.
    const zh = '列“出口 / 进口”为空';
    const en = 'column "Exports / Imports" is empty';
    stubFetch(400, { error: { code: 'invalid_input', message: `${zh} / ${en}`, zh, en, details: [] } });
    const error = (await api.get('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error.text).toEqual({ zh, en });
    expect(errorText(error, 'zh-CN')).toBe(zh);
    expect(errorText(error, 'en-US')).toBe(en);
  });
});
