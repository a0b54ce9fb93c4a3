import fs from 'node:fs';
import path from 'node:path';
import type { ControlHandler } from '../../server/module.ts';

/**
 * `luoshi plan import --dry-run` on a running server's database (its control socket): reads and matches the table,
 * saves nothing. The request: `{ op: 'plan-import-preview', file (absolute), sheet?, as?, user? }`.
 */
export const previewImportOnServer: ControlHandler = async (db, request) => {
  const { file } = request;
  if (typeof file !== 'string' || !path.isAbsolute(file)) throw new Error('plan-import-preview needs the absolute path of the file (file)');
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const [{ cliActor }, importer] = await Promise.all([import('../../server/cli-actor.ts'), import('./ledger.import.service.ts')]);
  const actor = await cliActor(db, text(request.as), text(request.user));
  const bytes = new Uint8Array(await fs.promises.readFile(file));
  return importer.previewTaskTable({ db, actor }, bytes, path.basename(file), { sheet: text(request.sheet) });
};
