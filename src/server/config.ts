import path from 'node:path';

/** Validated runtime configuration, read once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  sessionSecret: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  demo: boolean;
  secureCookies: boolean;
  /** Seconds one uploaded .docx/.pdf may take to read before its worker is stopped (LUOSHI_FILE_TIMEOUT_S). */
  fileTimeoutSeconds: number;
  /** Heap (MB) of the worker reading one uploaded .docx/.pdf (LUOSHI_FILE_HEAP_MB). */
  fileHeapMb: number;
}

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates configuration from environment variables, throwing ConfigError on the first wrong value.
 * @example loadConfig({ PORT: '3000', LUOSHI_DATA_DIR: './data' })
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 0 to 65535, got "${portText}"`);
  }
  const dataDir = path.resolve(env.LUOSHI_DATA_DIR ?? './data');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null) {
    let url: URL;
    try {
      url = new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid URL (expected postgres://user@host:port/database)');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new ConfigError('DATABASE_URL', `must start with postgres:// or postgresql://, got "${url.protocol}//"`);
    }
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const sessionSecret = env.LUOSHI_SESSION_SECRET ?? '';
  if (sessionSecret !== '' && sessionSecret.length < 32) {
    throw new ConfigError('LUOSHI_SESSION_SECRET', 'must be at least 32 characters long');
  }
  const secureText = env.LUOSHI_SECURE_COOKIES ?? 'false';
  if (!['true', 'false', '1', '0'].includes(secureText)) {
    throw new ConfigError('LUOSHI_SECURE_COOKIES', `must be true or false, got "${secureText}"`);
  }
  const fileTimeoutSeconds = positiveNumber(env, 'LUOSHI_FILE_TIMEOUT_S', 30, 3600);
  const fileHeapMb = positiveNumber(env, 'LUOSHI_FILE_HEAP_MB', 512, 16384);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl,
    sessionSecret,
    logLevel,
    demo: false,
    secureCookies: secureText === 'true' || secureText === '1',
    fileTimeoutSeconds,
    fileHeapMb,
    ...overrides,
  };
}

function positiveNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number, max: number): number {
  const text = env[variable];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n <= 0 || n > max) throw new ConfigError(variable, `must be a number above 0 and at most ${max}, got "${text}"`);
  return n;
}
