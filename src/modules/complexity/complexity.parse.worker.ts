/**
 * Reads an uploaded CSV table off the server's main thread: a large table takes seconds to parse, and the server must
 * keep answering meanwhile. Small tables are read in place (a worker costs more to start than they take to read).
 * This file is both the caller's API and the worker's entry point.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { bilingual } from '../../lib/bilingual.ts';
import { errorFromWorker, postError, type PostedError } from './complexity.errors.ts';
import { parseComplexityCsv, type ComplexityColumns, type ComplexityTable } from './complexity.table.ts';
import { decodeTable } from './complexity.csv.domain.ts';

/** Uploads up to this size are read on the calling thread (about a third of a second at 1.4 MB). */
export const INLINE_PARSE_BYTES = 4 * 1024 * 1024;

const ROLE = 'luoshi-complexity-parse-worker';

type Reply = { type: 'table'; table: ComplexityTable } | ({ type: 'error' } & PostedError);

/**
 * Decodes and parses an upload, in a worker thread when it is large; rejects with the parser's ComplexityInputError
 * (line and column intact).
 * @example const table = await parseTableOffThread(bytes, { loc: 'country', prod: 'hs4', val: 'usd' })
 */
export function parseTableOffThread(bytes: Uint8Array, columns: ComplexityColumns): Promise<ComplexityTable> {
  if (bytes.length <= INLINE_PARSE_BYTES) {
    try {
      return Promise.resolve(parseComplexityCsv(decodeTable(bytes), columns));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolve, reject) => {
    const worker = spawnSelf({ role: ROLE });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (reply: Reply) => {
      if (reply.type === 'table') finish(() => resolve(reply.table));
      else finish(() => reject(errorFromWorker(reply)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(bilingual(`读取 CSV 的进程意外退出（退出码 ${code}）`, `The CSV reader stopped (exit code ${code})`)))));
    const copy = Uint8Array.from(bytes);
    worker.postMessage({ bytes: copy, columns }, [copy.buffer]);
  });
}

/** A worker running this file; as TypeScript (tsx, vitest) it first installs tsx's require hook, as the engine's worker does. */
function spawnSelf(data: unknown): Worker {
  const self = import.meta.url;
  if (!new URL(self).pathname.endsWith('.ts')) return new Worker(new URL(self), { workerData: data });
  const tsxCjs = createRequire(self).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsxCjs)}).register(); require(${JSON.stringify(fileURLToPath(self))});`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort;
  port.once('message', ({ bytes, columns }: { bytes: Uint8Array; columns: ComplexityColumns }) => {
    let reply: Reply;
    try {
      const table = parseComplexityCsv(decodeTable(bytes), columns);
      const buffers = table.periods.flatMap((p) => [p.values, p.population, p.presence].filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer));
      port.postMessage({ type: 'table', table } satisfies Reply, [...new Set(buffers)]);
      return;
    } catch (error) {
      reply = { type: 'error', ...postError(error) };
    }
    port.postMessage(reply);
  });
}
