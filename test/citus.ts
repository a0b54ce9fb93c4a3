import pg from 'pg';

/**
 * A test database on a Citus cluster (TEST_CITUS_URL names the coordinator). What `cluster.sh createdb` does, here so
 * that tests need nothing outside the repository: the database is created on the coordinator and on every worker
 * with the citus extension, and the workers are registered on the coordinator. The workers are TEST_CITUS_WORKERS
 * ("host:port,host:port"), by default the coordinator's host on the next two ports (cluster.sh's layout).
 */
export function citusNodes(coordinatorUrl: string): { coordinator: string; workers: { host: string; port: number }[] } {
  const u = new URL(coordinatorUrl);
  const port = Number(u.port || 5432);
  const list = process.env.TEST_CITUS_WORKERS?.trim();
  const workers = list
    ? list.split(',').map((w) => {
        const [host, p] = w.trim().split(':');
        return { host, port: Number(p) };
      })
    : [1, 2].map((i) => ({ host: u.hostname, port: port + i }));
  return { coordinator: coordinatorUrl, workers };
}

function urlOf(base: string, host: string, port: number, database: string): string {
  const u = new URL(base);
  u.hostname = host;
  u.port = String(port);
  u.pathname = `/${database}`;
  return u.toString();
}

async function run(url: string, statements: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

/** Creates database `name` on every node of the cluster, ready for create_distributed_table; returns its URL. */
export async function createCitusDatabase(coordinatorUrl: string, name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const { workers } = citusNodes(coordinatorUrl);
  const c = new URL(coordinatorUrl);
  const nodes = [{ host: c.hostname, port: Number(c.port || 5432) }, ...workers];
  await Promise.all(
    nodes.map(async (n) => {
      await run(urlOf(coordinatorUrl, n.host, n.port, 'postgres'), [`create database ${name}`]);
      await run(urlOf(coordinatorUrl, n.host, n.port, name), ['set client_min_messages = warning', 'create extension if not exists citus']);
    }),
  );
  const url = urlOf(coordinatorUrl, c.hostname, Number(c.port || 5432), name);
  await run(url, workers.map((w) => `select citus_add_node('${w.host}', ${w.port})`));
  return url;
}

/** Drops database `name` on every node (workers after the coordinator, whose connections to them it holds). */
export async function dropCitusDatabase(coordinatorUrl: string, name: string): Promise<void> {
  const { workers } = citusNodes(coordinatorUrl);
  const c = new URL(coordinatorUrl);
  await run(urlOf(coordinatorUrl, c.hostname, Number(c.port || 5432), 'postgres'), [`drop database if exists ${name} with (force)`]);
  await Promise.all(workers.map((w) => run(urlOf(coordinatorUrl, w.host, w.port, 'postgres'), [`drop database if exists ${name} with (force)`])));
}
