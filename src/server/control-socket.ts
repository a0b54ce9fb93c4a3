import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Db } from './db.ts';
import { backupDatabase } from './backup.ts';
import { moduleStatusCounts } from './modules.ts';

/**
 * While `luoshi serve` holds an embedded data folder, the CLI cannot open it; `status` and `backup` then ask the
 * server through this socket in the data folder (owner-only), so a backup needs no downtime. Each connection sends one
 * JSON line and gets JSON lines back: `{progress}` while working, then `{result}` or `{error}`.
 */
export type ControlRequest =
  | { op: 'status' }
  | { op: 'backup'; file: string }
  | { op: 'plan-import-preview'; file: string; sheet?: string; as?: string; user?: string }
  | { op: 'plan-status'; planId: string; asOf?: string; as?: string; user?: string };

/** What `luoshi status` reports: applied migrations and each module's row counts. */
export interface StatusReport {
  migrations: string[];
  counts: Record<string, number>;
}

/** The socket of a data folder. */
export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, 'luoshi.sock');
}

/** The applied migrations and each module's row counts (moduleStatusCounts). */
export async function collectStatus(db: Db): Promise<StatusReport> {
  const migrations = (await db.selectFrom('schema_migrations').select('name').orderBy('version').execute()).map((r) => r.name);
  const counts: Record<string, number> = {};
  for (const count of moduleStatusCounts) Object.assign(counts, await count(db));
  return { migrations, counts };
}

/** `luoshi plan import --dry-run` on the server's database: reads and matches the table, saves nothing. */
async function previewImport(db: Db, request: Extract<ControlRequest, { op: 'plan-import-preview' }>): Promise<unknown> {
  const [{ cliActor }, importer] = await Promise.all([import('./cli-actor.ts'), import('../modules/ledger/ledger.import.service.ts')]);
  const actor = await cliActor(db, request.as, request.user);
  const bytes = new Uint8Array(await fs.promises.readFile(request.file));
  return importer.previewTaskTable({ db, actor }, bytes, path.basename(request.file), { sheet: request.sheet });
}

/** `luoshi status --plan` on the server's database: every task's class and warning as of a day, nothing stored. */
export async function planStatus(db: Db, request: Extract<ControlRequest, { op: 'plan-status' }>) {
  const [{ cliActor }, progress] = await Promise.all([import('./cli-actor.ts'), import('../modules/tracking/tracking.progress.service.ts')]);
  const actor = await cliActor(db, request.as, request.user);
  return progress.planProgressStatus({ db, actor }, request.planId, request.asOf);
}

function parseRequest(line: string): ControlRequest {
  const request = JSON.parse(line) as Partial<ControlRequest> & { file?: unknown; planId?: unknown };
  if (request.op === 'status') return { op: 'status' };
  if (request.op === 'backup' && typeof request.file === 'string' && path.isAbsolute(request.file)) return { op: 'backup', file: request.file };
  if (request.op === 'plan-import-preview' && typeof request.file === 'string' && path.isAbsolute(request.file)) {
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { op: 'plan-import-preview', file: request.file, sheet: text(request.sheet), as: text(request.as), user: text(request.user) };
  }
  if (request.op === 'plan-status' && typeof request.planId === 'string') {
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { op: 'plan-status', planId: request.planId, asOf: text(request.asOf), as: text(request.as), user: text(request.user) };
  }
  throw new Error('unknown request (expected status, backup or plan-import-preview with an absolute file, or plan-status with a plan id)');
}

/**
 * Listens on the data folder's socket (mode 0600) and answers status and backup on `db`; returns the closer.
 * @example const close = await serveControlSocket(config.dataDir, handle.db, config.backupKey)
 */
export async function serveControlSocket(dataDir: string, db: Db, backupKey: string): Promise<() => Promise<void>> {
  const file = controlSocketPath(dataDir);
  fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => {
    let buffer = '';
    const send = (message: object) => socket.write(`${JSON.stringify(message)}\n`);
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    const onData = (chunk: string) => {
      buffer += chunk;
      const at = buffer.indexOf('\n');
      if (at < 0) {
        if (buffer.length > 64 * 1024) socket.destroy();
        return;
      }
      socket.off('data', onData);
      let request: ControlRequest;
      try {
        request = parseRequest(buffer.slice(0, at));
      } catch (error) {
        socket.end(`${JSON.stringify({ error: (error as Error).message })}\n`);
        return;
      }
      const work =
        request.op === 'status'
          ? collectStatus(db)
          : request.op === 'backup'
            ? backupDatabase(db, request.file, (table, rows) => send({ progress: { table, rows } }), { key: backupKey }).then((counts) => ({ counts }))
            : request.op === 'plan-status'
              ? planStatus(db, request)
              : previewImport(db, request);
      work.then(
        (result) => socket.end(`${JSON.stringify({ result })}\n`),
        (error: Error) => socket.end(`${JSON.stringify({ error: error.message })}\n`),
      );
    };
    socket.on('data', onData);
  });
  // The socket file is created owner-only from the start (umask), not made so afterwards.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
      process.umask(umask);
    });
  } finally {
    process.umask(umask);
  }
  fs.chmodSync(file, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      fs.rmSync(file, { force: true });
    });
}

/**
 * Sends one request to the server holding `dataDir` and returns its result; `onProgress` gets the server's progress.
 * Throws when there is no socket, or with the server's message when it fails.
 */
export function askServer<T>(dataDir: string, request: ControlRequest, onProgress: (table: string, rows: number) => void = () => {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const socket = net.connect(controlSocketPath(dataDir));
    let buffer = '';
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      fn();
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('error', (error) => settle(() => reject(error)));
    socket.on('close', () => settle(() => reject(new Error('the running server closed the connection without an answer'))));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let at: number;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const message = JSON.parse(buffer.slice(0, at)) as { progress?: { table: string; rows: number }; result?: T; error?: string };
        buffer = buffer.slice(at + 1);
        if (message.progress) onProgress(message.progress.table, message.progress.rows);
        else if (message.error !== undefined) return settle(() => reject(new Error(`the running server: ${message.error}`)));
        else return settle(() => resolve(message.result as T));
      }
    });
  });
}
