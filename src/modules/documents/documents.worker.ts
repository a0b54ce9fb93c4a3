/**
 * Reads .docx and .pdf files in a worker thread with a hard limit on time and memory, so that no upload can stall the
 * thread that answers requests: past the limit the worker is terminated (which a timeout on the same thread cannot
 * do while that thread is busy) and the file refused with a message naming it. At most two run at once; the rest
 * wait their turn. Text files (.txt, .md) are read in place: decoding them is linear and cheap.
 * This file is both the caller's API and the worker's entry point.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { bilingual } from '../../lib/bilingual.ts';
import { type ExtractOptions, extractDocumentText } from './documents.extract.ts';
import { DocumentInputError, type ExtractedDocument } from './documents.types.ts';

/** Limits of one file's reading: wall-clock seconds and the worker's heap (V8 old generation) in MB. */
export interface FileLimits {
  timeoutSeconds: number;
  heapMb: number;
}

/** Readers running at once; the rest queue. */
export const MAX_FILE_WORKERS = 2;

const ROLE = 'luoshi-documents-extract-worker';
let limits: FileLimits = { timeoutSeconds: 30, heapMb: 512 };
let running = 0;
const queue: (() => void)[] = [];

/**
 * Sets the limits of every later file reading (the server passes LUOSHI_FILE_TIMEOUT_S and LUOSHI_FILE_HEAP_MB from
 * its config).
 * @example configureFileLimits({ timeoutSeconds: 30, heapMb: 512 })
 */
export function configureFileLimits(next: FileLimits): void {
  limits = { ...next };
}

type Reply = { type: 'done'; extracted: ExtractedDocument } | { type: 'error'; name: string; message: string; reason?: string; line?: number };

/**
 * {@link extractDocumentText} with a .docx or .pdf read in a worker thread under the time and memory limits; a
 * reading that passes them rejects with a DocumentInputError naming the file, as does every other refusal.
 * @example const { text } = await extractDocumentProtected(bytes, '国发〔2019〕4号.pdf')
 */
export async function extractDocumentProtected(bytes: Uint8Array, fileName: string, opts: ExtractOptions = {}): Promise<ExtractedDocument> {
  if (!/\.(docx|pdf)$/i.test(fileName)) return extractDocumentText(bytes, fileName, opts);
  if (running >= MAX_FILE_WORKERS) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await runWorker(bytes, fileName, opts, limits);
  } finally {
    running--;
    queue.shift()?.();
  }
}

function runWorker(bytes: Uint8Array, fileName: string, opts: ExtractOptions, { timeoutSeconds, heapMb }: FileLimits): Promise<ExtractedDocument> {
  return new Promise((resolve, reject) => {
    const worker = spawnSelf({ role: ROLE }, heapMb);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const refuse = (zh: string, en: string) => finish(() => reject(new DocumentInputError(fileName, bilingual(zh, en))));
    const timer = setTimeout(
      () => refuse(`文件处理超时（超过 ${timeoutSeconds} 秒），已停止`, `processing the file took longer than ${timeoutSeconds} s and was stopped`),
      timeoutSeconds * 1000,
    );
    worker.on('message', (reply: Reply) => {
      if (reply.type === 'done') finish(() => resolve(reply.extracted));
      else if (reply.reason !== undefined) finish(() => reject(new DocumentInputError(fileName, reply.reason!, reply.line)));
      else finish(() => reject(Object.assign(new Error(reply.message), { name: reply.name })));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') refuse(`文件处理超出内存上限（${heapMb} MB），已停止`, `processing the file needed more than ${heapMb} MB of memory and was stopped`);
      else finish(() => reject(error));
    });
    worker.on('exit', (code) => refuse(`文件处理意外中止（退出码 ${code}）`, `processing the file stopped unexpectedly (exit code ${code})`));
    const copy = Uint8Array.from(bytes);
    worker.postMessage({ bytes: copy, fileName, opts }, [copy.buffer]);
  });
}

/** A worker running this file; as TypeScript (tsx, vitest) it first installs tsx's require hook, as the complexity workers do. */
function spawnSelf(data: unknown, heapMb: number): Worker {
  const self = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  if (!new URL(self).pathname.endsWith('.ts')) return new Worker(new URL(self), { workerData: data, resourceLimits });
  const tsxCjs = createRequire(self).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsxCjs)}).register(); require(${JSON.stringify(fileURLToPath(self))});`;
  return new Worker(bootstrap, { eval: true, workerData: data, resourceLimits });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort;
  port.once('message', ({ bytes, fileName, opts }: { bytes: Uint8Array; fileName: string; opts: ExtractOptions }) => {
    extractDocumentText(bytes, fileName, opts).then(
      (extracted) => port.postMessage({ type: 'done', extracted } satisfies Reply),
      (error: Error) => {
        const detail = error instanceof DocumentInputError ? (error.details?.[0] as { message?: string; line?: number } | undefined) : undefined;
        port.postMessage({ type: 'error', name: error.name, message: error.message, reason: detail?.message, line: detail?.line } satisfies Reply);
      },
    );
  });
}
