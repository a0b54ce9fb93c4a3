import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'err', 'method', 'url', 'statusCode', 'ms', 'v']);

/**
 * Turns one pino JSON line into one line a person reads: `12:04:31 INFO  GET /api/plans 200 12 ms`, or
 * `12:04:31 ERROR unhandled error (req 6f1…) {"code":…}` followed by the error's stack.
 * @example formatLogLine('{"level":30,"time":0,"msg":"listening"}') // '00:00:00 INFO  listening'
 */
export function formatLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const time = new Date(typeof entry.time === 'number' ? entry.time : Date.now()).toISOString().slice(11, 19);
  const level = (LEVELS[entry.level as number] ?? String(entry.level)).padEnd(5);
  const text =
    typeof entry.method === 'string'
      ? `${entry.method} ${String(entry.url)} ${String(entry.statusCode)} ${String(entry.ms)} ms`
      : String(entry.msg ?? '');
  const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !OWN.has(key)));
  const err = entry.err as { message?: string; stack?: string } | undefined;
  const extra = [
    entry.reqId && typeof entry.method !== 'string' ? `(req ${String(entry.reqId)})` : '',
    Object.keys(rest).length ? JSON.stringify(rest) : '',
    err && !err.stack ? (err.message ?? '') : '',
  ].filter(Boolean);
  return `${time} ${level} ${[text, ...extra].join(' ')}${err?.stack ? `\n${err.stack}` : ''}`;
}

/** A pino destination that writes each log entry to `write` as formatLogLine puts it. */
export function prettyLogStream(write: (text: string) => void = (text) => process.stdout.write(text)): { write(line: string): void } {
  return { write: (line) => write(`${formatLogLine(line)}\n`) };
}

/**
 * Fastify's request logging for the readable format: nothing when a request arrives, and one entry when it has been
 * answered (method, URL, status, milliseconds; at error level with the error when it failed), in place of Fastify's two.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request');
    else reply.log.info(line, 'request');
  }
}
