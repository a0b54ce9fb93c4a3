/**
 * Runs the exact / improving meeting scheduler (HiGHS, WebAssembly) in a worker thread, so a long solve neither
 * blocks a server nor the CLI's output. This file is both the caller's API and the worker's entry point.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { projectPath } from '../../lib/project-root.ts';
import { bilingual } from '../../lib/bilingual.ts';
import type { ScheduleInstance } from './events.schedule.input.domain.ts';
import { scheduleExact, type ExactOptions, type ExactResult } from './events.schedule.exact.ts';

const ROLE = 'luoshi-schedule-worker';

type WorkerMessage = { type: 'result'; result: ExactResult } | { type: 'error'; name: string; message: string };

/**
 * The exact / improving schedule, computed in a fresh worker thread (see events.schedule.exact.ts).
 * @example const { objective, bound, gap } = await scheduleExactInWorker(instance, { timeLimit: 30 })
 */
export function scheduleExactInWorker(instance: ScheduleInstance, options: ExactOptions = {}, signal?: AbortSignal): Promise<ExactResult> {
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
      if (message.type === 'result') finish(() => resolve(message.result));
      else finish(() => reject(Object.assign(new Error(message.message), { name: message.name })));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(bilingual(`排程进程意外退出（退出码 ${code}）`, `The scheduling worker stopped (exit code ${code})`)))));
    worker.postMessage({ instance, options });
  });
}

/**
 * A worker running this very file. As TypeScript (under tsx or vitest) the thread first installs tsx's require
 * hook (Node 20 does not apply ESM loader hooks inside workers); from the bundle it runs the TypeScript source.
 */
function spawnSelf(data: unknown): Worker {
  const self = new URL(import.meta.url).pathname.endsWith('.ts')
    ? fileURLToPath(import.meta.url)
    : projectPath('src', 'modules', 'events', 'events.schedule.worker.ts');
  const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsxCjs)}).register(); require(${JSON.stringify(self)});`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort;
  port.once('message', (input: { instance: ScheduleInstance; options: ExactOptions }) => {
    scheduleExact(input.instance, input.options).then(
        (result) => port.postMessage({ type: 'result', result } satisfies WorkerMessage),
        (error: unknown) => {
          const e = error instanceof Error ? error : new Error(String(error));
          port.postMessage({ type: 'error', name: e.name, message: e.message } satisfies WorkerMessage);
        },
      );
  });
}
