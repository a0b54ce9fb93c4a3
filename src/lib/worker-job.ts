import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type MessagePort } from 'node:worker_threads';
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

/** What a streaming worker posts: items (each waits for the caller's go-ahead), progress, then one result or one error. */
export type WorkerStreamMessage<T, R, P = never, E = { name: string; message: string }> =
  | { type: 'item'; item: T }
  | { type: 'progress'; progress: P }
  | { type: 'result'; result: R }
  | ({ type: 'error' } & E);

/**
 * The items a worker made by `spawn` produces, in order, as an async generator that returns the worker's result:
 * the worker (see {@link serveWorkerStream}) runs at most `ahead` items ahead of the caller, so a slow consumer holds
 * it back instead of items piling up in memory. Progress is handed to `onProgress` as it comes, also while the
 * caller is busy between items. The worker's error, failure or exit rejects the next item; leaving the loop early
 * ends the worker.
 */
export async function* workerStream<T, R, P = never, E = { name: string; message: string }>(
  spawn: () => Worker,
  input: unknown,
  opts: { ahead: number; toError: (posted: E) => Error; exitMessage: (code: number) => string; onProgress?: (progress: P) => void },
): AsyncGenerator<T, R> {
  const worker = spawn();
  const queue: WorkerStreamMessage<T, R, P, E>[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: WorkerStreamMessage<T, R, P, E>) => {
    if (message.type === 'progress') opts.onProgress?.(message.progress);
    else queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure ??= error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(opts.exitMessage(code));
    notify();
  });
  try {
    worker.postMessage({ type: 'start', input, ahead: opts.ahead });
    for (;;) {
      const message = queue.shift();
      if (!message) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.type === 'item') {
        worker.postMessage({ type: 'more' });
        yield message.item;
      } else if (message.type === 'result') return message.result;
      else if (message.type === 'error') throw opts.toError(message);
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

/**
 * The worker's side of {@link workerStream}: waits for its input, posts the items `produce` yields (pausing while
 * `ahead` of them wait for the caller), then its return value; a thrown error is posted as `toPosted` makes it.
 */
export function serveWorkerStream<I, T, R, P = never, E = { name: string; message: string }>(
  port: MessagePort,
  produce: (input: I, progress: (p: P) => void) => AsyncGenerator<T, R>,
  toPosted: (error: unknown) => E,
): void {
  let credit = 0;
  let waiting: (() => void) | null = null;
  const post = (message: WorkerStreamMessage<T, R, P, E>) => port.postMessage(message);
  port.on('message', (message: { type: 'start'; input: I; ahead: number } | { type: 'more' }) => {
    if (message.type === 'more') {
      credit++;
      waiting?.();
      waiting = null;
      return;
    }
    credit = message.ahead;
    void (async () => {
      try {
        const items = produce(message.input, (progress) => post({ type: 'progress', progress }));
        for (;;) {
          const next = await items.next();
          if (next.done) {
            post({ type: 'result', result: next.value });
            break;
          }
          while (credit <= 0) await new Promise<void>((resolve) => (waiting = resolve));
          credit--;
          post({ type: 'item', item: next.value });
        }
      } catch (error) {
        post({ type: 'error', ...toPosted(error) } as WorkerStreamMessage<T, R, P, E>);
      }
    })();
  });
}
