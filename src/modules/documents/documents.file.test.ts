import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPdf } from '../../../test/fixtures/documents/build-pdf.ts';
import { parseDocumentFile } from './documents.file.ts';

describe('parseDocumentFile', () => {
  it('parses a PDF file read from disk (a Node Buffer, which pdf.js refuses as such)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'luoshi-file-'));
    try {
      const file = path.join(dir, 'plan.pdf');
      await fs.writeFile(file, buildPdf([['Work Plan', '1. Strengthen leadership.', '2. Build the platform.', '- 1 -']]));
      const doc = await parseDocumentFile(file);
      expect(doc.nodes.map((n) => n.marker)).toEqual(['1.', '2.']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
