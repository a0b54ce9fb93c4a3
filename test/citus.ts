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

/** The coordinator, then the workers. */
function nodesOf(coordinatorUrl: string): { host: string; port: number }[] {
  const c = new URL(coordinatorUrl);
  return [{ host: c.hostname, port: Number(c.port || 5432) }, ...citusNodes(coordinatorUrl).workers];
}

function checkName(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
}

/** Creates database `name` on every node of the cluster, ready for create_distributed_table; returns its URL. */
export async function createCitusDatabase(coordinatorUrl: string, name: string): Promise<string> {
  checkName(name);
  const { workers } = citusNodes(coordinatorUrl);
  const c = new URL(coordinatorUrl);
  const nodes = nodesOf(coordinatorUrl);
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

/**
 * Makes the distributed database `name` (built with createCitusDatabase, migrated, seeded and distributed) a template
 * on every node: connections to it are refused from now on and the open ones ended, the coordinator's first (its
 * sessions and Citus's maintenance daemon hold connections to the workers' copies). Nothing can then keep a
 * `CREATE DATABASE … TEMPLATE name` waiting, and the template stays as built.
 */
export async function freezeCitusTemplate(coordinatorUrl: string, name: string): Promise<void> {
  checkName(name);
  for (const n of nodesOf(coordinatorUrl)) {
    await run(urlOf(coordinatorUrl, n.host, n.port, 'postgres'), [`alter database ${name} allow_connections false`, terminateSql(name)]);
  }
}

const terminateSql = (name: string) => `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`;

/**
 * Creates database `name` on every node as a copy of that node's database `template` (a frozen distributed database,
 * freezeCitusTemplate): shards on the workers, Citus's catalogue (tables, shards, placements, the nodes) on the
 * coordinator, so the copy is distributed as its template was. Returns its URL.
 */
export async function copyCitusDatabase(coordinatorUrl: string, template: string, name: string): Promise<string> {
  checkName(name);
  checkName(template);
  const nodes = nodesOf(coordinatorUrl);
  await Promise.all(nodes.map((n) => createFromTemplate(urlOf(coordinatorUrl, n.host, n.port, 'postgres'), template, name)));
  return urlOf(coordinatorUrl, nodes[0].host, nodes[0].port, name);
}

/**
 * A session still on the template (one that began before it was frozen) makes PostgreSQL refuse the copy after
 * five seconds (55006): it is ended and the copy tried again.
 */
async function createFromTemplate(url: string, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run(url, [`create database ${name} template ${template}`]);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 3) throw error;
      await run(url, [terminateSql(template)]);
    }
  }
}

/** Drops database `name` on every node (workers after the coordinator, whose connections to them it holds). */
export async function dropCitusDatabase(coordinatorUrl: string, name: string): Promise<void> {
  const { workers } = citusNodes(coordinatorUrl);
  const c = new URL(coordinatorUrl);
  const drop = (host: string, port: number) => dropWithRetry(urlOf(coordinatorUrl, host, port, 'postgres'), name);
  await drop(c.hostname, Number(c.port || 5432));
  await Promise.all(workers.map((w) => drop(w.host, w.port)));
}

/**
 * Cleanup only: a node can still be opening a connection to the database (Citus's own maintenance, or the pool of a
 * restore that was just refused) when FORCE terminates the others, so the drop is retried; a database that still
 * cannot be dropped is left on the throw-away test cluster with a warning rather than failing the test it follows.
 */
async function dropWithRetry(url: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run(url, [`drop database if exists ${name} with (force)`]);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error;
      if (attempt === 5) {
        console.warn(`test cluster: database ${name} still in use after ${attempt} tries; left behind`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
