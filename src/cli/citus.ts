import type { Command } from 'commander';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db.ts';
import { output } from './context.ts';

/** Registers `luoshi citus setup`: distribute a migrated PostgreSQL database on a Citus coordinator. */
export function registerCitusCommands(program: Command): void {
  const citus = program.command('citus').description('Citus 分布式部署 / running on a Citus cluster (docs/DEPLOYMENT-CITUS.md)');
  citus
    .command('setup')
    .description('把已迁移的数据库按 region_code 分布 / distribute a migrated database on a Citus coordinator by region_code')
    .option('--shard-count <n>', 'shards per distributed table (default: citus.shard_count, 32)')
    .option('--coordinator-host <host>', 'the address workers reach the coordinator at (default: the address connected to)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const config = loadConfig();
      if (!config.databaseUrl) throw new Error('citus setup needs DATABASE_URL pointing at the Citus coordinator (the embedded database cannot be distributed)');
      const shardCount = opts.shardCount === undefined ? undefined : Number(opts.shardCount);
      if (shardCount !== undefined && !(Number.isInteger(shardCount) && shardCount >= 1 && shardCount <= 64000)) throw new Error(`--shard-count must be a whole number from 1 to 64000, got "${opts.shardCount}"`);
      const { citusSetup } = await import('../server/citus.ts');
      const handle = await openDatabase(config);
      try {
        const r = await citusSetup(handle.db, { shardCount, coordinatorHost: opts.coordinatorHost });
        output(opts.json, r, () =>
          [
            `Citus ${r.citusVersion}, ${r.workers} worker(s)`,
            r.reference.length ? `reference tables: ${r.reference.join(', ')}` : '',
            r.distributed.length ? `distributed by region_code: ${r.distributed.join(', ')} (${r.foreignKeysRecreated} foreign keys re-added)` : '',
            !r.reference.length && !r.distributed.length ? 'already set up: nothing to do' : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      } finally {
        await handle.close();
      }
    });
}
