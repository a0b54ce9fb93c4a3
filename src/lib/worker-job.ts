import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectPath } from './project-root.ts';

/**
 * A worker thread running the module at `moduleUrl` (pass the module's own `import.meta.url`), with `data` as its
 * workerData. As TypeScript (under tsx or vitest) the thread first installs tsx's require hook: Node 20 does not apply
 * ESM loader hooks inside workers. Bundled (dist/server), the caller sits in a shared chunk, so the worker runs the
 * TypeScript source at `source` (path segments under the project root) instead.
 */
export function spawnModuleWorker(moduleUrl: string, source: string[], data: unknown): Worker {
  const self = new URL(moduleUrl).pathname.endsWith('.ts') ? fileURLToPath(moduleUrl) : projectPath(...source);
  const tsxCjs = createRequire(moduleUrl).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsxCjs)}).register(); require(${JSON.stringify(self)});`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

/** What a job's worker posts back: progress, then one result or one error. */
export type WorkerJobMessage<R, P = never, E = { name: string; message: string }> = { type: 'progress'; progress: P } | { type: 'result'; result: R } | ({ type: 'error' } & E);

/**
 * Runs one job in a worker made by `spawn` (not made when `signal` has already aborted): posts `input`, forwards progress, resolves with the result, rejects with the worker's error
 * (made by `toError`), on the worker's failure or exit, or when `signal` aborts; the worker is ended in every case.
 */
export function runWorkerJob<R, P = never, E = { name: string; message: string }>(
  spawn: () => Worker,
  input: unknown,
  opts: { toError: (posted: E) => Error; exitMessage: (code: number) => string; onProgress?: (progress: P) => void; signal?: AbortSignal },
): Promise<R> {
  const { signal } = opts;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = spawn();
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      fn();
      void worker.terminate();
    };
    const abort = (): void => finish(() => reject(signal!.reason));
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: WorkerJobMessage<R, P, E>) => {
      if (message.type === 'progress') opts.onProgress?.(message.progress);
      else if (message.type === 'result') finish(() => resolve(message.result));
      else finish(() => reject(opts.toError(message)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(opts.exitMessage(code)))));
    worker.postMessage(input);
  });
}
