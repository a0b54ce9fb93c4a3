import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import { errorBody } from './error-body.ts';

/** Seconds a client is told to wait (Retry-After) when the server sheds a request. */
export const RETRY_AFTER_SECONDS = 1;

/** Paths that are always answered, however loaded the server is, so monitors can tell "busy" from "down". */
const EXEMPT = new Set(['/api/health']);

function shed(reply: FastifyReply, code: string, message: string): void {
  reply
    .status(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .send(errorBody(code, message));
}

/**
 * Sheds load before it queues: beyond `maxInFlight` requests at once, or while the event loop lags more than
 * `maxEventLoopDelayMs` (perf_hooks monitorEventLoopDelay, p99 of the worse of the last two half-second windows), a new request is answered
 * 503 with Retry-After before any session lookup or database work. /api/health is never shed. Register first.
 * `opts.loopDelayMs` replaces the measured delay (for tests).
 * @example registerOverloadGuard(app, { maxInFlight: 256, maxEventLoopDelayMs: 0 })
 */
export function registerOverloadGuard(
  app: FastifyInstance,
  limits: Pick<Config, 'maxInFlight' | 'maxEventLoopDelayMs'>,
  opts: { loopDelayMs?: () => number } = {},
): void {
  let inFlight = 0;
  let loopDelayMs = 0;
  const currentDelayMs = opts.loopDelayMs ?? (() => loopDelayMs);
  if (limits.maxEventLoopDelayMs > 0 && !opts.loopDelayMs) {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    let lastWindowMs = 0;
    const timer = setInterval(() => {
      // The worse of the last two half-second windows, so one long stall sheds for a moment, not for one reading.
      const windowMs = histogram.percentile(99) / 1e6;
      loopDelayMs = Math.max(windowMs, lastWindowMs);
      lastWindowMs = windowMs;
      histogram.reset();
    }, 500);
    timer.unref();
    app.addHook('onClose', (_app, done) => {
      clearInterval(timer);
      histogram.disable();
      done();
    });
  }

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (EXEMPT.has(request.url.split('?')[0])) return done();
    const delay = limits.maxEventLoopDelayMs > 0 ? currentDelayMs() : 0;
    if (delay > limits.maxEventLoopDelayMs && limits.maxEventLoopDelayMs > 0) {
      return shed(reply, 'overloaded', `服务繁忙，请稍后重试 / the server is overloaded (event loop ${Math.round(delay)} ms behind); retry shortly`);
    }
    if (limits.maxInFlight > 0 && inFlight >= limits.maxInFlight) {
      return shed(reply, 'overloaded', `服务繁忙，请稍后重试 / the server is busy (${inFlight} requests in progress); retry shortly`);
    }
    inFlight++;
    let counted = true;
    const leave = () => {
      if (counted) inFlight--;
      counted = false;
    };
    reply.raw.once('finish', leave);
    reply.raw.once('close', leave);
    done();
  });
}
