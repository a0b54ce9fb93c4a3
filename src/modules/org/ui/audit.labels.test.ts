import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../../lib/project-root.ts';
import { orgMessages } from './org.messages.ts';

/** Every service source under src/modules (tests left out). */
function serviceSources(): { file: string; text: string }[] {
  const root = projectPath('src/modules');
  const files: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push({ file: path.relative(root, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(root);
  return files;
}

/** The entity and action codes written by recordAudit calls, with the file each was found in. */
function auditCodes(): { kind: 'entity' | 'action'; code: string; file: string }[] {
  const codes: { kind: 'entity' | 'action'; code: string; file: string }[] = [];
  for (const { file, text } of serviceSources()) {
    if (!text.includes('recordAudit(')) continue;
    for (const m of text.matchAll(/\b(entity|action): ([^,}\n]+)/g)) {
      for (const literal of m[2].matchAll(/'([a-z_]+)'/g)) codes.push({ kind: m[1] as 'entity' | 'action', code: literal[1], file });
    }
  }
  return codes;
}

describe('the audit log page', () => {
  it('has a Chinese and an English name for every entity and action a service records', () => {
    const codes = auditCodes();
    // The scan finds the modules' own codes, so a new module's audit entries cannot slip past unnamed.
    expect(codes.map((c) => c.code)).toEqual(expect.arrayContaining(['plan', 'task', 'complexity_analysis', 'set_roles', 'new_version', 'reset_password']));
    const missing = codes.filter((c) => !(`${c.kind}.${c.code}` in orgMessages)).map((c) => `${c.kind}.${c.code} (${c.file})`);
    expect([...new Set(missing)]).toEqual([]);
  });
});
