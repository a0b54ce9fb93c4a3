import type { Command } from 'commander';
import { loadConfig } from '../server/config.ts';
import { prepareDatabase } from '../server/start.ts';
import { buildApp } from '../server/app.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoSeeded } from '../modules/org/org.seed.ts';

/** Registers `luoshi serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动服务 / start the web server (embedded PGlite in LUOSHI_DATA_DIR, or PostgreSQL at DATABASE_URL)')
    .option('--demo', 'load the demo region on first start and allow the demo accounts')
    .option('--port <port>', 'port to listen on (default PORT or 3000)')
    .action(async (opts: { demo?: boolean; port?: string }) => {
      const config = loadConfig(process.env, opts.port ? {} : {});
      if (opts.port) {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, got "${opts.port}"`);
        config.port = port;
      }
      const log = (line: string) => console.log(`[luoshi] ${line}`);
      const handle = await prepareDatabase(config, { demo: opts.demo, log, dbQueueMax: config.dbQueueMax });
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
