/**
 * Runs the complexity engine in a worker thread so a server stays responsive while a large
 * table is computed. This file is both the caller's API and the worker's entry point.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runWorkerJob, spawnModuleWorker, type WorkerJobMessage } from '../../lib/worker-job.ts';
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
/** This file's TypeScript source, which the worker runs when the caller is bundled. */
const SOURCE = ['src', 'modules', 'complexity', 'complexity.worker.ts'];

type WorkerMessage = WorkerJobMessage<ComplexityResult, ComplexityProgress, PostedError>;

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
  return runWorkerJob<ComplexityResult, ComplexityProgress, PostedError>(() => spawnModuleWorker(import.meta.url, SOURCE, { role: ROLE }), input, {
    toError: errorFromWorker,
    exitMessage: (code) => bilingual(`计算进程意外退出（退出码 ${code}）`, `The complexity worker stopped (exit code ${code})`),
    onProgress,
    signal,
  });
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
