import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompressFiles } from './src/lib/precompress.ts';

const root = fileURLToPath(new URL('./src/web/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web/', import.meta.url));
// Vite's cache, out of node_modules: a folder written there makes npm re-read the whole tree on every `npx luoshi`.
const cacheDir = fileURLToPath(new URL('./.cache/vite/', import.meta.url));

// Vendor groups, each in chunks of its own. A group also takes the dependencies of what it captures (unless a group of
// higher priority claimed them first), and its chunks are loaded only by the chunks that import them: so echarts and g6
// reach the browser only on pages that use them. tslib, shared by echarts and g6, sits in the always-loaded react
// chunk so that neither pulls in the other. antd is `entriesAware`: its parts are grouped by the pages that use them
// (antd~index~…, antd~PlanDetailPage~…), so the sign-in page does not download every component any page uses
// (first load ~295 kB instead of ~465 kB gzipped when measured).
const vendorGroups: { name: string; test: RegExp; priority: number; entriesAware?: boolean; entriesAwareMergeThreshold?: number }[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser|tslib)[\\/]/, priority: 40 },
  { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|@babel[\\/]runtime)[\\/]/, priority: 30, entriesAware: true, entriesAwareMergeThreshold: 20_000 },
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
  { name: 'g6', test: /node_modules[\\/]@antv[\\/]/, priority: 20 },
];

/** Builds the web UI from src/web into dist/web (served by `luoshi serve`); `vite` alone proxies /api to :3000. */
export default defineConfig({
  root,
  cacheDir,
  plugins: [
    react(),
    // Brotli and gzip copies beside each file, sent as they are by the server (src/server/web-assets.ts).
    { name: 'luoshi-precompress', apply: 'build', closeBundle: () => void precompressFiles(outDir) },
  ],
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Rolldown's successor to Rollup's manualChunks.
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    port: 5173,
    // '^/api/' and not '/api': a prefix would also send the UI's own module /api.ts to the server.
    proxy: { '^/api/': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
