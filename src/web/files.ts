/**
 * Uploads and downloads for every module's pages. The shell's API client sends JSON only, so uploads go through
 * XMLHttpRequest here (it reports upload progress, which fetch does not) and turn the server's error shape into
 * the same ApiError; downloads are fetched as blobs so a refusal shows as a message instead of a page of JSON.
 */
import { ApiError, apiErrorFrom } from './api.ts';
import { t } from './i18n.ts';

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

const apiError = (status: number, statusText: string, body: unknown): ApiError => apiErrorFrom(status, statusText, body);

/** Options of {@link uploadFile}. */
export interface UploadOptions {
  csrfToken: string;
  query?: Query;
  /** Called with the share of the file sent, 0…1; at 1 the server is still working. */
  onProgress?: (sent: number) => void;
  signal?: AbortSignal;
}

/**
 * Posts one file as multipart field "file" and returns the parsed JSON answer, or throws ApiError.
 * @example await uploadFile<ParsedUpload>('/api/plans/parse', file, { csrfToken: me.csrfToken, onProgress: setSent })
 */
export function uploadFile<T>(path: string, file: File, opts: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(path, opts.query));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', opts.csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.upload.onload = () => opts.onProgress?.(1);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(apiError(xhr.status, xhr.statusText, body));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', t('error.network')));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * The file name of a download from its Content-Disposition (the UTF-8 `filename*` when given).
 * @example fileNameFrom("attachment; filename=\"a.xlsx\"; filename*=UTF-8''%E8%A1%A8.xlsx", 'x') // '表.xlsx'
 */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // A broken encoding falls through to the plain name.
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/** Fetches a file from the API and hands it to the browser as a download; throws ApiError when refused. */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw apiError(response.status, response.statusText, body);
  }
  const name = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}
