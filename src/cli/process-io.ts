/** What `runCli` swaps in while it runs a command in-process, so that tests need not start a process per command. */
import { Readable } from 'node:stream';
import { formatWithOptions } from 'node:util';

/** Where one `runCli` call reads and writes; a stream left out is the process's own. */
export interface CliIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Standard input, e.g. a password for `--password-stdin`. */
  stdin?: string;
  /** Variables set (a string) or unset (undefined) for the duration of the call, over process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * Points stdout, stderr, console, stdin and env at `io` (stdin empty when not given, as for a piped command);
 * returns what puts the process's own back.
 */
export function swapProcessIo(io: CliIo): () => void {
  const { stdout, stderr } = process;
  const writes = { out: stdout.write, err: stderr.write };
  const consoleMethods = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin');
  const savedEnv = new Map(Object.keys(io.env ?? {}).map((k) => [k, process.env[k]]));
  const exitCode = process.exitCode;
  const sink = (write?: (text: string) => void) => (chunk: string | Uint8Array, ...rest: unknown[]) => {
    write?.(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  const line = (write?: (text: string) => void) => (...values: unknown[]) => write?.(`${formatWithOptions({ colors: false }, ...values)}\n`);
  if (io.stdout) {
    stdout.write = sink(io.stdout) as typeof stdout.write;
    console.log = console.info = line(io.stdout);
  }
  if (io.stderr) {
    stderr.write = sink(io.stderr) as typeof stderr.write;
    console.warn = console.error = line(io.stderr);
  }
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(io.stdin ?? '')]), configurable: true });
  setEnv(Object.entries(io.env ?? {}));
  process.exitCode = undefined;
  return () => {
    stdout.write = writes.out;
    stderr.write = writes.err;
    Object.assign(console, consoleMethods);
    if (stdinDescriptor) Object.defineProperty(process, 'stdin', stdinDescriptor);
    setEnv(savedEnv);
    process.exitCode = exitCode;
  };
}

/** Sets each variable to its value, or unsets it where the value is undefined. */
function setEnv(vars: Iterable<[string, string | undefined]>): void {
  for (const [k, v] of vars) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}
