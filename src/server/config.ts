import net from 'node:net';
import path from 'node:path';

/** Validated runtime configuration, read once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  sessionSecret: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: 'pretty' writes one readable line per request; 'json' one JSON object per line (default when stdout is not a terminal). */
  logFormat: 'pretty' | 'json';
  demo: boolean;
  secureCookies: boolean;
  /** Requests handled at once before further ones get 503 + Retry-After (/api/health exempt); 0 for no cap. */
  maxInFlight: number;
  /** Database operations that may wait for the embedded database before further ones get 503 (PGlite only). */
  dbQueueMax: number;
  /** A handler still running after this many ms is answered 503 + Retry-After; 0 for none. */
  requestTimeoutMs: number;
  /** New requests get 503 while the event loop lags more than this many ms; 0 for off. */
  maxEventLoopDelayMs: number;
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDRs, or loopback/linklocal/uniquelocal); false: none. */
  trustProxy: string[] | false;
  /** LUOSHI_BACKUP_KEY: signs backups (HMAC-SHA-256) and checks them on restore; '' for checksums only. */
  backupKey: string;
  /** Seconds one uploaded .docx/.pdf may take to read before its worker is stopped (LUOSHI_FILE_TIMEOUT_S). */
  /** Largest evidence file (佐证材料) accepted, in MB (LUOSHI_EVIDENCE_MAX_MB, default 20). */
  evidenceMaxMb: number;
  fileTimeoutSeconds: number;
  /** LUOSHI_SMTP_URL: the SMTP server reminder e-mails (催办) go through, smtp:// or smtps://; null: no e-mail. */
  smtpUrl: string | null;
  /** LUOSHI_SMTP_FROM: the sender of reminder e-mails. */
  smtpFrom: string;
  /** LUOSHI_WEBHOOK_HOSTS: hosts a unit's DingTalk/WeCom robot webhook may name (default the two official ones). */
  webhookHosts: string[];
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

/** Reads a whole number from 0 up from `env[variable]`, or `fallback` when unset. */
function wholeNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const text = env[variable]?.trim();
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new ConfigError(variable, `must be a whole number from 0 up, got "${text}"`);
  return Number(text);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates configuration from environment variables, throwing ConfigError on the first wrong value.
 * With `overrides.demo`, the default HOST is 127.0.0.1 instead of 0.0.0.0.
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
  const logFormatText = env.LOG_FORMAT?.trim() || (process.stdout.isTTY ? 'pretty' : 'json');
  if (logFormatText !== 'pretty' && logFormatText !== 'json') {
    throw new ConfigError('LOG_FORMAT', `must be json or pretty, got "${logFormatText}"`);
  }
  const sessionSecret = env.LUOSHI_SESSION_SECRET ?? '';
  if (sessionSecret !== '' && sessionSecret.length < 32) {
    throw new ConfigError('LUOSHI_SESSION_SECRET', 'must be at least 32 characters long');
  }
  const secureText = env.LUOSHI_SECURE_COOKIES ?? 'false';
  if (!['true', 'false', '1', '0'].includes(secureText)) {
    throw new ConfigError('LUOSHI_SECURE_COOKIES', `must be true or false, got "${secureText}"`);
  }
  const maxInFlight = wholeNumber(env, 'LUOSHI_MAX_IN_FLIGHT', 64);
  const dbQueueMax = wholeNumber(env, 'LUOSHI_DB_QUEUE_MAX', 32);
  if (dbQueueMax < 1) throw new ConfigError('LUOSHI_DB_QUEUE_MAX', 'must be at least 1');
  const requestTimeoutMs = wholeNumber(env, 'LUOSHI_REQUEST_TIMEOUT_MS', 60_000);
  const maxEventLoopDelayMs = wholeNumber(env, 'LUOSHI_MAX_EVENT_LOOP_DELAY_MS', 0);
  const trustProxy = parseTrustProxy(env.LUOSHI_TRUST_PROXY);
  const backupKey = env.LUOSHI_BACKUP_KEY ?? '';
  if (backupKey !== '' && backupKey.length < 32) {
    throw new ConfigError('LUOSHI_BACKUP_KEY', 'must be at least 32 characters long');
  }
  const fileTimeoutSeconds = positiveNumber(env, 'LUOSHI_FILE_TIMEOUT_S', 30, 3600);
  const fileHeapMb = positiveNumber(env, 'LUOSHI_FILE_HEAP_MB', 512, 16384);
  const evidenceMaxMb = positiveNumber(env, 'LUOSHI_EVIDENCE_MAX_MB', 20, 1024);
  const smtpUrl = env.LUOSHI_SMTP_URL?.trim() || null;
  if (smtpUrl !== null) {
    let protocol: string;
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      throw new ConfigError('LUOSHI_SMTP_URL', 'is not a valid URL (expected smtp://user:password@host:587 or smtps://…:465)');
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new ConfigError('LUOSHI_SMTP_URL', `must start with smtp:// or smtps://, got "${protocol}//"`);
  }
  const smtpFrom = env.LUOSHI_SMTP_FROM?.trim() || '落实 Luoshi <luoshi@localhost>';
  const webhookHosts = (env.LUOSHI_WEBHOOK_HOSTS ?? 'oapi.dingtalk.com,qyapi.weixin.qq.com')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  // Demo mode publishes its passwords, so it listens on this machine only unless HOST says otherwise.
  const host = env.HOST?.trim() || (overrides.demo ? '127.0.0.1' : '0.0.0.0');
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    sessionSecret,
    logLevel,
    logFormat: logFormatText,
    demo: false,
    secureCookies: secureText === 'true' || secureText === '1',
    maxInFlight,
    dbQueueMax,
    requestTimeoutMs,
    maxEventLoopDelayMs,
    trustProxy,
    backupKey,
    fileTimeoutSeconds,
    fileHeapMb,
    evidenceMaxMb,
    smtpUrl,
    smtpFrom,
    webhookHosts,
    ...overrides,
  };
}

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrCidr(item: string): boolean {
  const [address, bits, extra] = item.split('/');
  if (extra !== undefined || !net.isIP(address)) return false;
  if (bits === undefined) return true;
  const max = net.isIPv4(address) ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/**
 * LUOSHI_TRUST_PROXY: off unless set; otherwise a comma-separated list of the proxies in front of the server, whose
 * X-Forwarded-For then gives the client's address. Trusting any sender (`true`, a hop count) is refused, since anyone
 * could then pick the address that sign-in throttling and the audit log see.
 * @example parseTrustProxy('127.0.0.1, 10.0.0.0/8') // ['127.0.0.1', '10.0.0.0/8']
 */
export function parseTrustProxy(text: string | undefined): string[] | false {
  const value = (text ?? '').trim();
  if (value === '' || value === 'false' || value === '0' || value === 'off') return false;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const wrong = items.filter((item) => !NAMED_RANGES.includes(item) && !isAddressOrCidr(item));
  if (wrong.length || items.length === 0) {
    throw new ConfigError(
      'LUOSHI_TRUST_PROXY',
      `must list the proxies' addresses or CIDRs (or loopback, linklocal, uniquelocal), comma-separated; ` +
        `trusting every sender is not allowed; got "${wrong.join(', ') || value}"`,
    );
  }
  return items;
}

function positiveNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number, max: number): number {
  const text = env[variable];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n <= 0 || n > max) throw new ConfigError(variable, `must be a number above 0 and at most ${max}, got "${text}"`);
  return n;
}
