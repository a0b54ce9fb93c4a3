/**
 * Runs the exact / improving meeting scheduler (HiGHS, WebAssembly) in a worker thread, so a long solve neither
 * blocks a server nor the CLI's output. This file is both the caller's API and the worker's entry point.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runWorkerJob, spawnModuleWorker, type WorkerJobMessage } from '../../lib/worker-job.ts';
import { bilingual } from '../../lib/bilingual.ts';
import type { ScheduleInstance } from './events.schedule.input.domain.ts';
import { scheduleExact, type ExactOptions, type ExactResult } from './events.schedule.exact.ts';

const ROLE = 'luoshi-schedule-worker';
/** This file's TypeScript source, which the worker runs when the caller is bundled. */
const SOURCE = ['src', 'modules', 'events', 'events.schedule.worker.ts'];

type WorkerMessage = WorkerJobMessage<ExactResult>;

/**
 * The exact / improving schedule, computed in a fresh worker thread (see events.schedule.exact.ts).
 * @example const { objective, bound, gap } = await scheduleExactInWorker(instance, { timeLimit: 30 })
 */
export function scheduleExactInWorker(instance: ScheduleInstance, options: ExactOptions = {}, signal?: AbortSignal): Promise<ExactResult> {
  return runWorkerJob<ExactResult>(() => spawnModuleWorker(import.meta.url, SOURCE, { role: ROLE }), { instance, options }, {
    toError: (posted) => Object.assign(new Error(posted.message), { name: posted.name }),
    exitMessage: (code) => bilingual(`排程进程意外退出（退出码 ${code}）`, `The scheduling worker stopped (exit code ${code})`),
    signal,
  });
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
