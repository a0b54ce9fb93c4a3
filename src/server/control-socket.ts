import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Db } from './db.ts';
import { backupDatabase } from './backup.ts';
import { moduleControlHandler, moduleControlOps, moduleStatusCounts } from './registry.ts';

/**
 * While `luoshi serve` holds an embedded data folder, the CLI cannot open it; `status` and `backup` then ask the
 * server through this socket in the data folder (owner-only), so a backup needs no downtime. Each connection sends one
 * JSON line and gets JSON lines back: `{progress}` while working, then `{result}` or `{error}`. Besides `status` and
 * `backup`, a module answers its own requests (its manifest's `control`, e.g. ledger's `plan-import-preview`).
 */
export type ControlRequest = { op: 'status' } | { op: 'backup'; file: string } | ModuleControlRequest;

/** A request a module answers (its manifest's `control`): its `op` and its own fields. */
export interface ModuleControlRequest {
  op: string;
  [field: string]: unknown;
}

/** What `luoshi status` reports: applied migrations and each module's row counts. */
export interface StatusReport {
  migrations: string[];
  counts: Record<string, number>;
}

/** The socket of a data folder. */
export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, 'luoshi.sock');
}

/** The applied migrations and each module's row counts (its manifest's statusCounts, in registry order). */
export async function collectStatus(db: Db): Promise<StatusReport> {
  const migrations = (await db.selectFrom('schema_migrations').select('name').orderBy('version').execute()).map((r) => r.name);
  const counts: Record<string, number> = {};
  for (const count of await moduleStatusCounts()) Object.assign(counts, await count(db));
  return { migrations, counts };
}

/** Answers one request line: status, backup, or a module's own request. */
async function answer(db: Db, line: string, backupKey: string, send: (message: object) => void): Promise<unknown> {
  const request = JSON.parse(line) as Record<string, unknown>;
  if (request.op === 'status') return collectStatus(db);
  if (request.op === 'backup' && typeof request.file === 'string' && path.isAbsolute(request.file)) {
    return { counts: await backupDatabase(db, request.file, (table, rows) => send({ progress: { table, rows } }), { key: backupKey }) };
  }
  const handler = typeof request.op === 'string' && request.op !== 'backup' ? await moduleControlHandler(request.op) : undefined;
  if (!handler) throw new Error(`unknown request (expected status, backup with an absolute file, or ${moduleControlOps().join(', ')})`);
  return handler(db, request);
}

/**
 * Listens on the data folder's socket (mode 0600) and answers status, backup and the modules' own requests on `db`; returns the closer.
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
      answer(db, buffer.slice(0, at), backupKey, send).then(
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
