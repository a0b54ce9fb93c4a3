import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/**
 * A path inside the project folder, found from where this code runs (src/ under tsx, or the bundle in dist/server/),
 * so files such as db/migrations and dist/web are found either way.
 * @example projectPath('db', 'migrations')
 */
export function projectPath(...parts: string[]): string {
  if (!root) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (;;) {
      const pkg = path.join(dir, 'package.json');
      if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'luoshi') break;
      const up = path.dirname(dir);
      if (up === dir) throw new Error(`cannot find the Luoshi project folder above ${fileURLToPath(import.meta.url)}`);
      dir = up;
    }
    root = dir;
  }
  return path.join(root, ...parts);
}
