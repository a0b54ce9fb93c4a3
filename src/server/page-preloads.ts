import fs from 'node:fs';
import path from 'node:path';

/**
 * A page whose large chunks the browser should start fetching with the app's own code: `path` is the web UI's route
 * (React Router syntax, `/atlas/chains/:id`), `modules` the source files (from the repository's root,
 * `src/modules/atlas/ui/ChainGraph.tsx`) whose built chunks it needs first. Declared in a module's manifest
 * (`pagePreloads`, src/server/module.ts).
 */
export interface PagePreload {
  path: string;
  modules: string[];
}

/** One chunk as Vite's build manifest (dist/web/.vite/manifest.json, `build.manifest`) lists it. */
interface ManifestChunk {
  file: string;
  imports?: string[];
}

/** Where Vite's root is (vite.config.ts `root`): manifest keys are relative to it. */
const VITE_ROOT = 'src/web';

/** A route pattern as a regular expression: `:param` matches one path segment, the rest literally. */
function routePattern(route: string): RegExp {
  const parts = route
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}/?$`);
}

/**
 * The web UI's index.html for each declared page, with `<link rel="modulepreload">` of the chunks its modules need
 * (their static imports included) that index.html does not already preload, placed before index.html's own so that
 * the largest starts first. Without them a chunk loaded by the page (G6 for the chain map, 1.5 MB) was asked for only
 * once the app's code had arrived and run. Over a network (40 ms, 20 Mbit/s) the chain map was interactive about a
 * tenth sooner with them (BENCHMARKS.md, "Atlas, second quiet session"); over the loopback it made no difference.
 * Returns the page for a request's path (no query string), or undefined for a path no page declares, or when there
 * is nothing to preload (a build without a manifest, or without the page's modules): the caller sends index.html.
 */
export function pagePreloadHtml(webDir: string, pages: readonly PagePreload[]): (urlPath: string) => string | undefined {
  const patterns = pages.map((page) => ({ page, pattern: routePattern(page.path) }));
  const indexFile = path.join(webDir, 'index.html');
  // Made again when index.html changes (a new build under a running server names new chunks).
  let built: { stamp: number; html: Map<PagePreload, string> } | null = null;
  return (urlPath) => {
    const hit = patterns.find((p) => p.pattern.test(urlPath));
    if (!hit) return undefined;
    const stamp = fs.statSync(indexFile, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (built?.stamp !== stamp) built = { stamp, html: buildPages(webDir, pages) };
    return built.html.get(hit.page);
  };
}

/** Each page's index.html with its preloads (none: the page is left out, and gets the plain index.html). */
function buildPages(webDir: string, pages: readonly PagePreload[]): Map<PagePreload, string> {
  const out = new Map<PagePreload, string>();
  const manifestFile = path.join(webDir, '.vite', 'manifest.json');
  const indexFile = path.join(webDir, 'index.html');
  if (!fs.existsSync(manifestFile) || !fs.existsSync(indexFile)) return out;
  let manifest: Record<string, ManifestChunk>;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  } catch {
    return out; // a manifest being written: the plain index.html until the build ends
  }
  const index = fs.readFileSync(indexFile, 'utf8');
  const size = (file: string) => fs.statSync(path.join(webDir, file), { throwIfNoEntry: false })?.size ?? 0;
  for (const page of pages) {
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    for (const module of page.modules) visit(path.posix.relative(VITE_ROOT, module));
    const links = [...files]
      .filter((file) => !index.includes(`/${file}"`))
      .sort((a, b) => size(b) - size(a))
      .map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`)
      .join('\n    ');
    const at = index.search(/<link rel="modulepreload"|<\/head>/);
    if (links && at >= 0) out.set(page, `${index.slice(0, at)}${links}\n    ${index.slice(at)}`);
  }
  return out;
}
