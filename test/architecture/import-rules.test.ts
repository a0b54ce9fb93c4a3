/**
 * Proves the import rules of eslint.config.js (docs/ARCHITECTURE.md, "Import rules") still fire: each case lints a
 * small file, as if it stood at the given path, and expects the rule's message, or none for the allowed spelling.
 * Imports must name real files: the boundaries plugin classifies what an import resolves to.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/lib/project-root.ts';

const eslint = new ESLint({ cwd: projectPath() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: projectPath(filePath) });
  return result.messages.filter((m) => m.ruleId !== '@typescript-eslint/no-unused-vars').map((m) => `${m.ruleId}: ${m.message}`);
}

const LIB = /src\/lib imports nothing of ours/;
const DOMAIN = /\*\.domain\.ts file does no I\/O/;
const INDEX = /uses another module only through its index\.ts \(org\/index\.ts\)/;
const UI_INDEX = /UI only through its ui\/index\.ts \(org\/ui\/index\.ts\)/;
const WEB = /Web code imports only types from server code/;

describe('import rules', () => {
  it('src/lib imports nothing of ours, not even types', async () => {
    expect(await problems('src/lib/probe.ts', "import type { Db } from '../server/db.ts';\nexport type X = Db;\n")).toEqual([expect.stringMatching(LIB)]);
    expect(await problems('src/lib/probe.ts', "import { bilingual } from './bilingual.ts';\nimport fs from 'node:fs';\nexport const x = [bilingual, fs];\n")).toEqual([]);
  });

  it('a *.domain.ts file does no I/O; type-only imports are allowed', async () => {
    const at = 'src/modules/ledger/probe.domain.ts';
    expect(await problems(at, "import fs from 'node:fs';\nexport const x = fs;\n")).toEqual([expect.stringMatching(DOMAIN)]);
    expect(await problems(at, "import { sql } from 'kysely';\nexport const x = sql;\n")).toEqual([expect.stringMatching(DOMAIN)]);
    expect(await problems(at, "import * as repo from './ledger.plans.repo.ts';\nexport const x = repo;\n")).toEqual([expect.stringMatching(DOMAIN)]);
    expect(await problems(at, 'export const x = () => fetch("/api");\n')).toEqual([expect.stringMatching(DOMAIN)]);
    expect(await problems(at, "export const x = () => import('node:net');\n")).toEqual([expect.stringMatching(DOMAIN)]);
    expect(await problems(at, "import type { Kysely } from 'kysely';\nexport type X = Kysely<object>;\n")).toEqual([]);
  });

  it('a module uses another module only through its index.ts, types included', async () => {
    const at = 'src/modules/ledger/probe.service.ts';
    expect(await problems(at, "import { recordAudit } from '../org/org.audit.ts';\nexport const x = recordAudit;\n")).toEqual([expect.stringMatching(INDEX)]);
    expect(await problems(at, "import type { Actor } from '../org/org.policy.ts';\nexport type X = Actor;\n")).toEqual([expect.stringMatching(INDEX)]);
    expect(await problems(at, "export { recordAudit } from '../org/org.audit.ts';\n")).toEqual([expect.stringMatching(INDEX)]);
    expect(await problems(at, "export const x = () => import('../org/org.service.ts');\n")).toEqual([expect.stringMatching(INDEX)]);
    expect(await problems(at, "import { recordAudit, type Actor } from '../org/index.ts';\nexport const x: [typeof recordAudit, Actor?] = [recordAudit];\n")).toEqual([]);
    // Within its own module, anything goes.
    expect(await problems(at, "import { ledgerPolicy } from './ledger.policy.ts';\nexport const x = ledgerPolicy;\n")).toEqual([]);
  });

  it("a module's UI uses another module's UI only through its ui/index.ts", async () => {
    const at = 'src/modules/ledger/ui/Probe.tsx';
    expect(await problems(at, "import { orgApi } from '../../org/ui/org.api.ts';\nexport const x = orgApi;\n")).toEqual([expect.stringMatching(UI_INDEX)]);
    expect(await problems(at, "import { orgApi } from '../../org/ui/index.ts';\nexport const x = orgApi;\n")).toEqual([]);
  });

  it('web code imports only types from server code', async () => {
    expect(await problems('src/modules/ledger/ui/probe.ts', "import { ledgerPolicy } from '../ledger.policy.ts';\nexport const x = ledgerPolicy;\n")).toEqual([expect.stringMatching(WEB)]);
    expect(await problems('src/web/probe.ts', "import { SESSION_COOKIE } from '../server/http.ts';\nexport const x = SESSION_COOKIE;\n")).toEqual([expect.stringMatching(WEB)]);
    expect(await problems('src/web/probe.ts', "import { bilingual } from '../lib/bilingual.ts';\nexport const x = bilingual;\n")).toEqual([expect.stringMatching(WEB)]);
    expect(await problems('src/web/probe.ts', "import type { DemoAccountsReply } from '../server/demo-accounts.ts';\nexport type X = DemoAccountsReply;\n")).toEqual([]);
    // Pure *.domain.ts files are shared with the browser.
    expect(await problems('src/modules/ledger/ui/probe.ts', "import { STATUS_FLOW } from '../ledger.status.domain.ts';\nexport const x = STATUS_FLOW;\n")).toEqual([]);
  });
});
