import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Names the browser tests that failed and then passed on their retry (vitest.e2e.config.ts retries once in CI), so a
 * flaky test is seen, not hidden: it prints them after the run and lists them in .tmp/ci-e2e-retried.txt, which
 * .ci/run's closing line counts.
 */
export default class RetriedReporter implements Reporter {
  private readonly retried: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const diagnostic = test.diagnostic();
    if (test.result().state === 'passed' && diagnostic && diagnostic.retryCount > 0) {
      this.retried.push(`${test.module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}`);
    }
  }

  onTestRunEnd(): void {
    const file = path.resolve('.tmp/ci-e2e-retried.txt');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, this.retried.map((name) => `${name}\n`).join(''));
    if (this.retried.length === 0) return;
    console.log(`\n${this.retried.length} browser test(s) failed once and passed on the retry (flaky, to be fixed):`);
    for (const name of this.retried) console.log(`  ${name}`);
  }
}
