/**
 * Background runs of the complexity engine in this process: at most a few workers at once (each takes a core), the
 * rest wait their turn; each run can be stopped, and the server stops them all when it closes.
 */
import { availableParallelism } from 'node:os';

/** Why a run was stopped: its analysis was deleted (nothing to record), or the server is closing (record it). */
export type StopReason = 'deleted' | 'shutdown';

/** A stop that carries its reason, so the run knows whether to record a failure. */
export class RunStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'deleted' ? 'the analysis was deleted' : 'the server stopped');
    this.name = 'RunStopped';
  }
}

interface Run {
  controller: AbortController;
  settled: Promise<void>;
}

const runs = new Map<string, Run>();
const waiting: (() => void)[] = [];
let active = 0;
/** Workers at once: one core stays free for the server itself (at least one, at most two). */
const MAX_PARALLEL = Math.max(1, Math.min(2, availableParallelism() - 1));

/** Waits for a free worker slot; resolves with the function that frees it. Rejects if stopped while waiting. */
async function acquireSlot(signal: AbortSignal): Promise<() => void> {
  if (active >= MAX_PARALLEL) {
    await new Promise<void>((resolve, reject) => {
      const turn = () => {
        signal.removeEventListener('abort', leave);
        resolve();
      };
      const leave = () => {
        waiting.splice(waiting.indexOf(turn), 1);
        reject(signal.reason);
      };
      waiting.push(turn);
      signal.addEventListener('abort', leave, { once: true });
    });
  }
  signal.throwIfAborted();
  active++;
  let freed = false;
  return () => {
    if (freed) return;
    freed = true;
    active--;
    waiting.shift()?.();
  };
}

/**
 * Starts `work` in the background under `id`. `work` gets a signal (aborted with a RunStopped) and `whenTurn`, which
 * waits for a free worker slot. Errors are `work`'s to handle; the returned promise settles when it is done.
 */
export function startRun(id: string, work: (signal: AbortSignal, whenTurn: () => Promise<void>) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  let release: (() => void) | undefined;
  const whenTurn = async () => {
    release = await acquireSlot(controller.signal);
  };
  const settled = (async () => {
    try {
      await work(controller.signal, whenTurn);
    } finally {
      release?.();
      runs.delete(id);
    }
  })();
  runs.set(id, { controller, settled });
  return settled;
}

/** Stops one run and waits until it has let go; nothing when there is none. */
export async function stopRun(id: string, reason: StopReason): Promise<void> {
  const run = runs.get(id);
  if (!run) return;
  run.controller.abort(new RunStopped(reason));
  await run.settled;
}

/** Stops every run (the server is closing) and waits until each has recorded that it stopped. */
export async function stopAllRuns(): Promise<void> {
  await Promise.all([...runs.keys()].map((id) => stopRun(id, 'shutdown')));
}

/** Waits for a run to finish, at most `ms` milliseconds; resolves either way. */
export async function waitForRun(id: string, ms: number): Promise<void> {
  const run = runs.get(id);
  if (!run || ms <= 0) return;
  if (ms > 2 ** 31 - 1) return run.settled;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([run.settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
