/**
 * Runs the complexity engine in a worker thread so a server stays responsive while a large
 * table is computed. This file is both the caller's API and the worker's entry point.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../../lib/project-root.ts';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  computeComplexity,
  type ComplexityOptions,
  type ComplexityPeriodInput,
  type ComplexityProgress,
  type ComplexityResult,
} from './complexity.domain.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { errorFromWorker, postError, type PostedError } from './complexity.errors.ts';

/** What the worker computes: the periods of a table and the options. */
export interface ComplexityWorkerInput {
  periods: ComplexityPeriodInput[];
  options?: ComplexityOptions;
}

const ROLE = 'luoshi-complexity-worker';

type WorkerMessage =
  | { type: 'progress'; progress: ComplexityProgress }
  | { type: 'result'; result: ComplexityResult }
  | ({ type: 'error' } & PostedError);

/**
 * Computes complexity in a fresh worker thread; resolves with the same result as
 * `computeComplexity`, rejects with the same errors (ComplexityInputError stays one).
 * @example const result = await computeComplexityInWorker({ periods }, (p) => bar.update(p.done / p.total))
 */
export function computeComplexityInWorker(
  input: ComplexityWorkerInput,
  onProgress?: (progress: ComplexityProgress) => void,
  signal?: AbortSignal,
): Promise<ComplexityResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = spawnSelf({ role: ROLE });
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
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'result') finish(() => resolve(message.result));
      else finish(() => reject(errorFromWorker(message)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(bilingual(`计算进程意外退出（退出码 ${code}）`, `The complexity worker stopped (exit code ${code})`)))));
    worker.postMessage(input);
  });
}

/**
 * A worker running this very file. As TypeScript (under tsx or vitest) the thread first installs
 * tsx's require hook: Node 20 does not apply ESM loader hooks (`--import tsx`) inside workers.
 */
function spawnSelf(data: unknown): Worker {
  // Bundled (dist/server), this code sits in a shared chunk; the worker then runs the TypeScript source.
  const self = new URL(import.meta.url).pathname.endsWith('.ts')
    ? fileURLToPath(import.meta.url)
    : projectPath('src', 'modules', 'complexity', 'complexity.worker.ts');
  const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsxCjs)}).register(); require(${JSON.stringify(self)});`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

/** Every distinct ArrayBuffer inside the result, to hand over without copying. */
function buffersOf(result: ComplexityResult): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const period of result.periods) {
    for (const value of Object.values(period)) {
      if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) seen.add(value.buffer);
    }
  }
  return [...seen];
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort;
  port.once('message', (input: ComplexityWorkerInput) => {
    let message: WorkerMessage;
    try {
      const result = computeComplexity(input.periods, input.options, (progress) =>
        port.postMessage({ type: 'progress', progress } satisfies WorkerMessage),
      );
      port.postMessage({ type: 'result', result } satisfies WorkerMessage, buffersOf(result));
      return;
    } catch (error) {
      message = { type: 'error', ...postError(error) };
    }
    port.postMessage(message);
  });
}
