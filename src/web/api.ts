/**
 * The web UI's only way to the server: fetch with the session cookie, the CSRF token on every change,
 * and the server's error shape `{error:{code,message,zh,en,details:[{field,message,zh,en}]}}` (server/error-body.ts)
 * turned into ApiError. The UI shows `zh` or `en`; it never splits a message.
 */
import type { FormInstance } from 'antd';
import { getLocale, pickLanguage, t, type Locale } from './i18n.ts';
import type { ErrorResponse } from '../lib/typebox.ts';

/** A message in both languages, as the server sends it. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** A field-level problem reported by the server, e.g. `{ field: 'roles[0].unitId', message: '…', zh: '…', en: '…' }` (the shared error shape). */
export type FieldDetail = Omit<ErrorResponse['error']['details'][number], 'zh' | 'en'> & Partial<Bilingual>;

/**
 * A failed request: HTTP status (0 when the server was not reached), the server's code, message and field details;
 * `text` is the message in both languages when the server sent them (null for an error the UI made itself).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldDetail[] = [],
    readonly retryAfterSeconds: number | null = null,
    readonly text: Bilingual | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
let onPasswordChangeRequired: (() => void) | null = null;

/** Remembers the CSRF token from POST /api/auth/login or GET /api/auth/me; null after sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Sets what happens when a request answers 403 password_change_required (an administrator set the password since
 * the page loaded): the session shell reloads the account, which opens the forced change-password dialog.
 */
export function setPasswordChangeRequiredHandler(handler: (() => void) | null): void {
  onPasswordChangeRequired = handler;
}

/** Sets what happens when a request answers 401 (the session shell sends the user to the sign-in page). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type QueryValue = string | number | boolean | null | undefined;

/** Options of one request. */
export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Leave a 401 to the caller instead of going to the sign-in page (the session check itself). */
  allowUnauthenticated?: boolean;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/** Turns an error answer (the server's error shape, or anything else) into an ApiError. */
export function apiErrorFrom(status: number, statusText: string, data: unknown, retryAfterHeader: string | null = null): ApiError {
  const body = (data as { error?: { code?: string; message?: string; zh?: string; en?: string; details?: FieldDetail[] } } | undefined)?.error;
  const retryAfter = Number(retryAfterHeader);
  return new ApiError(
    status,
    body?.code ?? `http_${status}`,
    body?.message ?? `${status} ${statusText}`,
    Array.isArray(body?.details) ? body.details : [],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    typeof body?.zh === 'string' && typeof body.en === 'string' ? { zh: body.zh, en: body.en } : null,
  );
}

/** Sends one request to the API and returns the parsed JSON (undefined for 204), or throws ApiError. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's error page): the status line speaks for it below.
  }
  if (response.ok) return data as T;

  const error = apiErrorFrom(response.status, response.statusText, data, response.headers.get('retry-after'));
  if (response.status === 401 && !opts.allowUnauthenticated) onUnauthenticated?.();
  if (response.status === 403 && error.code === 'password_change_required') onPasswordChangeRequired?.();
  throw error;
}

/** Shorthands for the HTTP methods. */
export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], opts: Omit<RequestOptions, 'query' | 'body'> = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** The half of a server message for the UI language. */
export function inLanguage(text: Bilingual, locale: Locale = getLocale()): string {
  return locale === 'zh-CN' ? text.zh : text.en;
}

/** The message of any error, in the UI language. */
export function errorText(error: unknown, locale: Locale = getLocale()): string {
  if (error instanceof ApiError) {
    if (error.code === 'forbidden') return t('error.forbidden');
    // An error the UI made from stored text (an analysis's failure) still carries "中文 / English".
    return error.text ? inLanguage(error.text, locale) : pickLanguage(error.message, locale);
  }
  if (error instanceof Error) return error.message;
  return t('error.unknown');
}

/**
 * Turns a server field name into an antd form name path.
 * @example fieldPath('roles[0].unitId') // ['roles', 0, 'unitId']
 */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const CJK = /[\u3400-\u9fff]/;

/**
 * The text of one field detail in the UI language. Details are often English only ("duplicate", an Ajv message: the
 * server sends it as both halves); then the Chinese UI shows the error's own message, and a terse detail gives way
 * to the message.
 */
export function detailText(detail: FieldDetail, error: ApiError, locale: Locale = getLocale()): string {
  if (detail.zh !== undefined && detail.en !== undefined && detail.zh !== detail.en) return inLanguage({ zh: detail.zh, en: detail.en }, locale);
  const message = detail.en ?? detail.message;
  const english = !CJK.test(message);
  const terse = message.trim().split(/\s+/).length < 3;
  if (english && (locale === 'zh-CN' || terse) && error.text && error.text.zh !== error.text.en) return inLanguage(error.text, locale);
  return message;
}

/**
 * Shows the server's field details on the matching fields of an antd form. Returns the details that match
 * no field on the form, so the caller can show them elsewhere.
 */
export function applyFormErrors(form: FormInstance, error: unknown): FieldDetail[] {
  if (!(error instanceof ApiError)) return [];
  const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const unmatched: FieldDetail[] = [];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const detail of error.details) {
    const name = fieldPath(detail.field);
    const key = JSON.stringify(name);
    if (!registered.has(key)) {
      unmatched.push(detail);
      continue;
    }
    const text = detailText(detail, error);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(text);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return unmatched;
}
