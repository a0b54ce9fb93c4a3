import type { PagePreload } from './page-preloads.ts';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../modules/org/org.policy.ts';
import type { CommandGroup } from '../cli/lazy.ts';
import type { Db } from './db.ts';
import type { Tx } from './service-context.ts';

/** A name or label in both languages of the UI. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Flags for GET /api/auth/me `can` (the UI shows or hides things by them), computed from a policy. */
export type Capabilities = (actor: Actor) => Record<string, boolean>;

/** The code names and bilingual labels of the audit log's entities and actions (`plan`, `set_status` …). */
export interface AuditLabels {
  entities: Record<string, Bilingual>;
  actions: Record<string, Bilingual>;
}

/** What app.ts hands every module's route plugin; a module reads what it needs (most read nothing). */
export interface ModuleRouteOptions {
  secureCookies: boolean;
  /** Every module's `can` flags together (org's /api/auth/me answers them). */
  capabilities: Capabilities;
  /** Every module's audit names together (org's GET /api/audit/labels answers them). */
  auditLabels: AuditLabels;
}

/** A Fastify plugin registering a module's routes. */
export type ModuleRoutes = (app: FastifyInstance, options: ModuleRouteOptions) => Promise<void>;

/** A module's demo loader: receives the org unit ids by seed key (org's own directory is loaded first). */
export type DemoSeeder = (db: Db, ctx: { unitIds: Map<string, string>; log: (line: string) => void }) => Promise<void>;

/**
 * Answers one request of a module's own to a running server's control socket (src/server/control-socket.ts), so its
 * command works while `luoshi serve` holds the embedded data folder. `request` is the JSON line as sent (`op` and the
 * module's fields, unchecked): the handler checks them and throws with a message naming what is wrong.
 */
export type ControlHandler = (db: Db, request: Record<string, unknown>) => Promise<unknown>;

/** A task of a plan, as a module hears of its change. */
export interface TaskChange {
  planId: string;
  taskId: string;
}

/**
 * What a module does when a task's dates, kind or milestones may have changed (ledger's task edit), in the transaction
 * that changed it, so what it keeps of the task follows at once (tracking recomputes the task's standing).
 */
export type TaskChangeHandler = (trx: Tx, change: TaskChange) => Promise<void>;

/** A module's row counts for `luoshi status` and the control socket: label → rows, e.g. `{ plans: 3, tasks: 41 }`. */
export type StatusCounter = (db: Db) => Promise<Record<string, number>>;

/**
 * One module, declared once (in `src/modules/<name>/<name>.module.ts`, re-exported from its `index.ts`) with
 * `defineModule`, and listed once in `src/server/registry.ts`. Everything that runs code is a loader
 * (`() => import(…)`), so reading the manifest loads none of the module: `luoshi --help` lists the commands
 * without loading them, and the registry can be imported anywhere without import cycles.
 *
 * Who reads what:
 * - the tables type (the annotation `ModuleManifest<LedgerTables>`): `Database` (src/server/database.ts) is the
 *   intersection of every module's tables.
 * - `routes`: app.ts registers them in registry order (org first), each with `ModuleRouteOptions`.
 * - `policy` + `capabilities`: GET /api/auth/me `can` (`capabilities(policy, actor)`).
 * - `cli`: `luoshi` (src/cli/main.ts) lists the groups; a group's `load` runs only when one of its commands does.
 * - `seedDemo`: `luoshi seed` / `serve --demo`, after org's directory, in registry order.
 * - `statusCounts`: `luoshi status` and the control socket, in registry order.
 * - `control`: the control socket answers these ops besides `status` and `backup`.
 * - `audit`: labels of the audit log page (GET /api/audit/labels); every entity and action a service passes to
 *   `recordAudit` must be named by some module (src/server/registry.test.ts checks it).
 * - `citus`: `luoshi citus setup` and the test query guard (src/server/citus.ts `CITUS_TABLES`).
 * - `pagePreloads`: the server's index.html for those web pages (src/server/page-preloads.ts).
 * - `taskChanged`: ledger's task edit, in its transaction (`announceTaskChange`), in registry order.
 *
 * The web UI does not read manifests (web code imports only types from the server): a module's pages and menu
 * entries are its `ui/*.routes.ts`, which src/web/routes.ts discovers.
 *
 * @example
 * export const ledgerModule: ModuleManifest<LedgerTables> = defineModule({
 *   name: 'ledger',
 *   title: { zh: '规划与任务', en: 'Plans and tasks' },
 *   routes: async () => [(await import('./ledger.routes.ts')).ledgerPlanRoutes],
 *   policy: async () => (await import('./ledger.policy.ts')).ledgerPolicy,
 *   capabilities: (policy, actor) => ({ createPlans: policy.plan.create(actor) }),
 *   cli: [{ commands: { plan: '规划与任务分工 / plans and task division' }, load: async () => (await import('./ledger.cli.ts')).registerPlanCommands }],
 *   seedDemo: async () => (await import('./ledger.seed.ts')).seedDemoLedger,
 *   statusCounts: async () => (await import('./ledger.plans.repo.ts')).countLedgerRows,
 *   audit: { entities: { plan: { zh: '规划', en: 'Plan' } }, actions: { set_status: { zh: '变更状态', en: 'Change status' } } },
 *   citus: { distributed: ['plans', 'tasks'] },
 * });
 */
export interface ModuleDeclaration<Policy> {
  /** The folder name under src/modules (`ledger`). */
  name: string;
  /** What the module is, for people. */
  title: Bilingual;
  /** The module's route plugins, in registration order. */
  routes?: () => Promise<ModuleRoutes[]>;
  /** The module's policy object (made with definePolicy), handed to `capabilities`. */
  policy?: () => Promise<Policy>;
  /** The module's flags of GET /api/auth/me `can`, from its policy: `{ createPlans: policy.plan.create(actor) }`. */
  capabilities?: (policy: Policy, actor: Actor) => Record<string, boolean>;
  /** The module's top-level `luoshi` commands, each group loaded only when one of its commands runs (src/cli/lazy.ts). */
  cli?: CommandGroup[];
  /** The module's demo data, loaded after org's directory. */
  seedDemo?: () => Promise<DemoSeeder>;
  /** The module's row counts for `luoshi status`. */
  statusCounts?: () => Promise<StatusCounter>;
  /** The module's requests to a running server's control socket, by `op` (`plan-import-preview`); its CLI sends them with `askServer`. */
  control?: Record<string, () => Promise<ControlHandler>>;
  /** Bilingual names of the audit entities and actions the module records (an action another module names already need not be repeated). */
  audit?: Partial<AuditLabels>;
  /**
   * Where each of the module's tables lives on a Citus cluster (docs/decisions/0003): small tables that the large
   * ones refer to are `reference` (copied to every node), large tables with a `region_code` are `distributed` by it
   * (co-located with `plans`), the rest stay `local` on the coordinator. Every table is in exactly one list
   * (src/server/registry.test.ts checks the migrated database against them); `luoshi citus setup` reads them.
   */
  citus?: CitusPlacement;
  /**
   * Web pages whose large chunks the browser should fetch with the app's own code when it opens at them
   * (`{ path: '/atlas/chains/:id', modules: ['src/modules/atlas/ui/ChainGraph.tsx'] }`): the server adds
   * `<link rel="modulepreload">` of their built chunks to index.html on those paths (src/server/page-preloads.ts).
   * `path` is the page's route in the module's `ui/*.routes.ts`; src/server/registry.test.ts checks both exist.
   */
  pagePreloads?: PagePreload[];
  /** What the module does in the transaction that edits a task of the ledger (a module that keeps state per task). */
  taskChanged?: () => Promise<TaskChangeHandler>;
}

/** A module's tables by where they live on a Citus cluster. */
export interface CitusPlacement {
  reference?: string[];
  distributed?: string[];
  local?: string[];
}

/** A declared module as the registry holds it: the policy and its flags are folded into one `capabilities` loader. */
export interface DeclaredModule extends Omit<ModuleDeclaration<unknown>, 'policy' | 'capabilities'> {
  /** The module's flags of GET /api/auth/me `can`, its policy loaded. */
  capabilities?: () => Promise<Capabilities>;
}

/**
 * A declared module with its Kysely table types (type level only). The declaration's annotation gives them:
 * `export const ledgerModule: ModuleManifest<LedgerTables> = defineModule({…})`; the annotation is needed, as it
 * also keeps `Database` (derived from the registry) free of a circular reference through the module's code.
 */
export interface ModuleManifest<Tables = unknown> extends DeclaredModule {
  readonly __tables?: Tables;
}

/**
 * Declares a module (see `ModuleDeclaration`); the table types are kept for `Database`.
 * @example export const complexityModule: ModuleManifest<ComplexityTables> = defineModule({ name: 'complexity', title: {…}, … })
 */
export function defineModule<Policy>(declaration: ModuleDeclaration<Policy>): DeclaredModule {
  const { policy, capabilities, ...rest } = declaration;
  const flags =
    policy && capabilities
      ? async (): Promise<Capabilities> => {
          const loaded = await policy();
          return (actor) => capabilities(loaded, actor);
        }
      : undefined;
  return { ...rest, ...(flags ? { capabilities: flags } : {}) };
}

/** The table types of a list of manifests, as one intersection: `TablesOf<typeof modules>` (for `Database`). */
export type TablesOf<M extends readonly ModuleManifest[]> = UnionToIntersection<TablesOfOne<M[number]>>;

type TablesOfOne<M> = M extends ModuleManifest<infer T> ? T : never;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
