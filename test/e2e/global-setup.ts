import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { CHROMIUM } from './chromium.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** One server per test worker (LUOSHI_E2E_SERVERS, 1 unless set): each its own data folder, so files running side by side share no data. */
    baseUrls: string[];
  }
}

/** Waits for the server's "running at http://localhost:PORT/" line; fails with its output if it exits first. */
function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/localhost:\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
}

/** How many servers (and test files at a time) the browser tests run with: LUOSHI_E2E_SERVERS, 1 unless set. */
export const E2E_SERVERS = Math.max(1, Number(process.env.LUOSHI_E2E_SERVERS ?? 1) || 1);

/** Starts `luoshi serve --demo` on a free port with a fresh data folder; its address, and how to stop it and remove its folder. */
async function startServer(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/luoshi.js'), 'serve', '--demo', '--port', '0'], {
    cwd: ROOT,
    // Vitest sets NODE_ENV=test, which would make `vite build` emit React's and antd's development builds.
    env: { ...process.env, NODE_ENV: 'production', LUOSHI_DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const baseUrl = await waitForUrl(child, 120_000);
    console.log(`[e2e] server at ${baseUrl} (data in ${dataDir})`);
    return {
      baseUrl,
      stop: async () => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Builds what is stale (`node bin/build.js`: the web UI and the server bundle, as `npm start` does), then starts
 * `luoshi serve --demo` on a free port with a fresh data folder, exactly as a user would, once per test worker
 * (LUOSHI_E2E_SERVERS); a test file gets its worker's server through `serverUrl()` (browser.ts).
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-zenhei (the tests never download a browser)`);
  }
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  const build = spawnSync(process.execPath, [path.join(ROOT, 'bin/build.js')], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error('node bin/build.js failed');
  const started = await Promise.allSettled(Array.from({ length: E2E_SERVERS }, () => startServer()));
  const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((s) => s.stop()));
    throw failed.reason;
  }
  project.provide('baseUrls', servers.map((s) => s.baseUrl));
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}
