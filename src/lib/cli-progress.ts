import cliProgress from 'cli-progress';

/** A progress reporter for long CLI work: a bar on a terminal, plain lines otherwise (CI logs), nothing when quiet. */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

/**
 * Starts a progress bar on standard error.
 * @example const p = startProgress('导入 / import'); p.update(10, 100); p.stop();
 */
export function startProgress(title: string, opts: { quiet?: boolean } = {}): Progress {
  if (opts.quiet) return { update() {}, stop() {} };
  if (!process.stderr.isTTY) {
    let lastPct = -1;
    return {
      update(done, total, label) {
        const pct = total > 0 ? Math.floor((done / total) * 10) * 10 : 0;
        if (pct !== lastPct) {
          lastPct = pct;
          process.stderr.write(`${title}: ${pct}% ${label ?? ''}\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {percentage}% {value}/{total} {label}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
