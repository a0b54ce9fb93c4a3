import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadConfig } from '../server/config.ts';
import { prepareDatabase } from '../server/start.ts';
import { buildApp, WEB_DIST } from '../server/app.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoSeeded } from '../modules/org/org.seed.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string, pattern: RegExp): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !pattern.test(entry.name)) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (/node_modules|[\\/]dist[\\/]/.test(full)) continue;
    newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web UI with Vite when it is missing or older than its sources. */
export function buildWebIfStale(log: (line: string) => void): void {
  const index = path.join(WEB_DIST, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(ROOT, 'src'), /\.(tsx|css|html)$|ui[\\/].*\.ts$|web[\\/].*\.ts$/), fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  if (built >= sources) return;
  log('building the web UI (vite build) …');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('vite build failed; see the messages above');
}

/** Registers `luoshi serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动服务 / start the web server (embedded PGlite in LUOSHI_DATA_DIR, or PostgreSQL at DATABASE_URL)')
    .option('--demo', 'load the demo region on first start and allow the demo accounts')
    .option('--build-web', 'build the web UI first when it is missing or stale')
    .option('--port <port>', 'port to listen on (default PORT or 3000)')
    .action(async (opts: { demo?: boolean; buildWeb?: boolean; port?: string }) => {
      const config = loadConfig(process.env, opts.port ? {} : {});
      if (opts.port) {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, got "${opts.port}"`);
        config.port = port;
      }
      const log = (line: string) => console.log(`[luoshi] ${line}`);
      if (opts.buildWeb) buildWebIfStale(log);
      const handle = await prepareDatabase(config, { demo: opts.demo, log });
      const { app } = await buildApp({ ...config, demo: Boolean(opts.demo) }, handle.db);
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        log(`${signal}: shutting down`);
        await app.close();
        await handle.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      log(`database: ${handle.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
      log(`落实 Luoshi is running at http://localhost:${port}/  (API docs: http://localhost:${port}/api/docs)`);
      if (opts.demo && (await isDemoSeeded(handle.db))) {
        log(`demo logins (password ${DEMO_PASSWORD}):`);
        for (const a of DEMO_ACCOUNTS) log(`  ${a.username.padEnd(8)} ${a.roles.map((r) => r.role).join(', ').padEnd(12)} ${a.displayName}`);
      }
    });
}
