import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.ts';
import { testDataDir } from '../../test/db.ts';

describe('luoshi status', () => {
  it('counts what each module holds: units, people and audit entries, and plans, tasks and analyses, reports by status and open deadline requests too', async () => {
    const dir = await testDataDir('demo');
    let stdout = '';
    let stderr = '';
    try {
      const status = await runCli(['status', '--json'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', LUOSHI_DATA_DIR: dir } });
      expect(status, stderr).toBe(0);
      const { counts } = JSON.parse(stdout) as { counts: Record<string, number> };
      expect(Object.keys(counts)).toEqual(['regions', 'units', 'people', 'users', 'audit_log', 'plans', 'tasks', 'plan_comments', 'analyses', 'analyses_done',
        'reports', 'reports_draft', 'reports_submitted', 'reports_returned', 'reports_accepted', 'evidence_files', 'deadline_changes_pending', 'tasks_closed', 'atlas_chains', 'atlas_enterprises', 'events', 'event_participants', 'event_meetings']);
      expect(counts.units).toBeGreaterThan(0);
      expect(counts.users).toBe(6);
      expect(counts.plans).toBeGreaterThan(0);
      expect(counts.tasks).toBeGreaterThan(0);
      expect(counts.analyses).toBeGreaterThanOrEqual(0);
      // The demo holds reports in every state of review, the accepted ones the most.
      expect(counts.reports).toBe(counts.reports_draft + counts.reports_submitted + counts.reports_returned + counts.reports_accepted);
      expect(counts.reports_submitted).toBeGreaterThan(0);
      expect(counts.reports_accepted).toBeGreaterThan(counts.reports_submitted);
      expect(counts.deadline_changes_pending).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
