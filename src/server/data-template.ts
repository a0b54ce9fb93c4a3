/**
 * A migrated, demo-seeded embedded database kept as a tarball in .cache/, so that the first `npm start` on an empty
 * data folder loads it (a second or so) instead of creating a database and loading the demo region (ten or more).
 * `node bin/build.js` makes it; a server starting on an empty folder uses it only when its key matches the sources it
 * would seed from, so an older schema or an older demo is never loaded.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { projectPath } from '../lib/project-root.ts';

/** Files whose content decides what a migrated, demo-seeded database holds. */
function seedSources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // The UI does not seed; everything else under src may (the demo plan is parsed by the document engine).
        if (entry.name !== 'ui' && full !== projectPath('src', 'web')) walk(full);
      } else if (!/\.test\.tsx?$|\.tsx$/.test(entry.name)) files.push(full);
    }
  };
  walk(projectPath('src'));
  walk(projectPath('db', 'migrations'));
  files.push(projectPath('package-lock.json'));
  return files.sort();
}

/** The hash of the migrations, the seeding sources and the locked dependencies (PGlite's version among them). */
export function dataTemplateKey(): string {
  const hash = crypto.createHash('sha256');
  const root = projectPath();
  for (const file of seedSources()) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const TEMPLATE_DIR = projectPath('.cache', 'data-template');

/** Where the demo template for `key` lives. */
export function dataTemplatePath(key = dataTemplateKey()): string {
  return path.join(TEMPLATE_DIR, `demo-${key}.tar.gz`);
}

/** The demo template made from the current sources, or null when none was built for them. */
export function currentDataTemplate(): Blob | null {
  const file = dataTemplatePath();
  return fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : null;
}

/**
 * Builds the demo template for the current sources unless it exists, and removes templates of older sources.
 * `prepare` migrates and seeds the database it is given (the same steps a first start runs).
 * Returns whether a template was built.
 */
export async function buildDataTemplate(prepare: (pglite: PGlite) => Promise<void>): Promise<boolean> {
  const file = dataTemplatePath();
  if (fs.existsSync(file)) {
    const now = new Date();
    fs.utimesSync(file, now, now); // still current: tells bin/build.js it need not ask again until a source changes
    return false;
  }
  const pglite = await PGlite.create();
  try {
    await prepare(pglite);
    const tarball = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, tarball);
    fs.renameSync(partial, file);
  } finally {
    await pglite.close();
  }
  for (const old of fs.readdirSync(TEMPLATE_DIR)) if (path.join(TEMPLATE_DIR, old) !== file) fs.rmSync(path.join(TEMPLATE_DIR, old), { force: true });
  return true;
}
