import type pg from 'pg';
import { AppError } from '../lib/errors.ts';

/** The embedded database has more callers waiting than the queue holds; the caller should retry shortly. */
export class DatabaseBusyError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(waiting: number, retryAfterSeconds = 1) {
    super('busy', 503, `服务繁忙，请稍后重试 / the server is busy (${waiting} database operations waiting); retry in ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A first-come queue of at most `maxWaiting` callers for `concurrency` slots. A caller beyond that bound is refused at
 * once with DatabaseBusyError (a 503 with Retry-After) instead of waiting behind hundreds of others. Each freed slot
 * is handed on after one turn of the event loop (setImmediate): PGlite runs in this thread, and handing it straight to
 * the next waiter in a promise chain kept sockets unread for tens of seconds, /api/health included.
 * @example const q = new DbQueue({ maxWaiting: 64 }); await q.acquire(); try { … } finally { q.release(); }
 */
export class DbQueue {
  /** How many callers may wait; changeable, so a server can prepare its database unbounded and then set it. */
  maxWaiting: number;
  readonly concurrency: number;
  #active = 0;
  #waiters: (() => void)[] = [];

  constructor(opts: { maxWaiting: number; concurrency?: number }) {
    this.maxWaiting = opts.maxWaiting;
    this.concurrency = opts.concurrency ?? 1;
  }

  /** How many callers hold a slot and how many wait for one. */
  get stats(): { active: number; waiting: number } {
    return { active: this.#active, waiting: this.#waiters.length };
  }

  /**
   * Resolves when the caller holds a slot; rejects at once with DatabaseBusyError when the queue is full. Even a free
   * slot is granted on the next event-loop turn, so the server reads the other sockets' requests (and answers those
   * that need no database, and refuses those beyond the bound) before PGlite's synchronous work runs.
   */
  acquire(): Promise<void> {
    if (this.#waiters.length >= this.maxWaiting) return Promise.reject(new DatabaseBusyError(this.#waiters.length));
    const granted = new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#schedule();
    return granted;
  }

  /** Frees a slot, handing it to the next waiter after one event-loop turn. */
  release(): void {
    this.#active--;
    this.#schedule();
  }

  #scheduled = false;
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      while (this.#active < this.concurrency && this.#waiters.length > 0) {
        this.#active++;
        this.#waiters.shift()!();
      }
    });
  }
}

/**
 * A pg pool whose connect() first takes a place in `queue` and whose clients give it back on release, so every query
 * and transaction Kysely runs goes through the queue.
 */
export function queuedPool(pool: pg.Pool, queue: DbQueue): pg.Pool {
  const connect = async (): Promise<pg.PoolClient> => {
    await queue.acquire();
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      queue.release();
      throw error;
    }
    const release = client.release.bind(client);
    let released = false;
    client.release = (err?: Error | boolean) => {
      if (!released) {
        released = true;
        queue.release();
      }
      return release(err);
    };
    return client;
  };
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'connect') return connect;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
