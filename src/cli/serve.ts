import type { Command } from 'commander';
import { loadConfig, type Config } from '../server/config.ts';
import { prepareDatabase } from '../server/start.ts';
import { buildApp } from '../server/app.ts';
import { serveControlSocket } from '../server/control-socket.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoSeeded } from '../modules/org/org.seed.ts';

/** Says which addresses the server answers on, and in demo mode why it is this machine only. */
export function listeningNote(config: Pick<Config, 'host' | 'demo'>): string {
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  if (config.demo && !everywhere) {
    return `listening on ${config.host} only: demo mode publishes its passwords (set HOST=0.0.0.0 to open it to the network)`;
  }
  return everywhere ? `listening on every address (${config.host})${config.demo ? ' — demo passwords are reachable from the network' : ''}` : `listening on ${config.host}`;
}

/** Registers `luoshi serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动服务 / start the web server (embedded PGlite in LUOSHI_DATA_DIR, or PostgreSQL at DATABASE_URL)')
    .option('--demo', 'load the demo region on first start and allow the demo accounts')
    .option('--port <port>', 'port to listen on (default PORT or 3000)')
    .action(async (opts: { demo?: boolean; port?: string }) => {
      const config = loadConfig(process.env, { demo: Boolean(opts.demo) });
      if (opts.port) {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, got "${opts.port}"`);
        config.port = port;
      }
      const log = (line: string) => console.log(`[luoshi] ${line}`);
      const handle = await prepareDatabase(config, { demo: opts.demo, log, dbQueueMax: config.dbQueueMax });
      const { app } = await buildApp(config, handle.db);
      let closing = false;
      let closeSocket = async () => {};
      let stopJobs = () => {};
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        log(`${signal}: shutting down`);
        stopJobs();
        await closeSocket();
        await app.close();
        await handle.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      await app.listen({ port: config.port, host: config.host });
      // `luoshi status` and `luoshi backup` ask this server through the data folder's socket while it holds the folder.
      if (handle.kind === 'pglite') closeSocket = await serveControlSocket(config.dataDir, handle.db, config.backupKey);
      // Class and warning are stored state: recomputed when the day turns (src/modules/tracking/tracking.progress.job.ts).
      const stopProgress = (await import('../modules/tracking/tracking.progress.job.ts')).startDailyProgressJob(handle.db, log);
      // Reminders (催办): planned and sent as delivery jobs in the database (src/modules/tracking/tracking.reminders.job.ts).
      const stopReminders = (await import('../modules/tracking/tracking.reminders.job.ts')).startReminderJob(handle.db, log);
      stopJobs = () => {
        stopProgress();
        stopReminders();
      };
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      log(`database: ${handle.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
      log(`落实 Luoshi is running at http://localhost:${port}/  (API docs: http://localhost:${port}/api/docs)`);
      log(listeningNote(config));
      if (opts.demo && (await isDemoSeeded(handle.db))) {
        log(`demo logins (password ${DEMO_PASSWORD}):`);
        for (const a of DEMO_ACCOUNTS) log(`  ${a.username.padEnd(8)} ${a.roles.map((r) => r.role).join(', ').padEnd(12)} ${a.displayName}`);
      }
    });
}
