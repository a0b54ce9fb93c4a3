import { afterEach, describe, expect, it } from 'vitest';
import { buildPdf } from '../../../test/fixtures/documents/build-pdf.ts';
import { configureFileLimits, extractDocumentProtected } from './documents.worker.ts';

const PDF = buildPdf([['一、总体要求', '二、主要任务']], { cjk: true });

afterEach(() => configureFileLimits({ timeoutSeconds: 30, heapMb: 512 }));

describe('extractDocumentProtected', () => {
  it('reads a PDF in a worker as extractDocumentText reads it', async () => {
    expect((await extractDocumentProtected(PDF, '方案.pdf')).text).toBe('一、总体要求\n二、主要任务');
  });

  it('stops a reading past the time limit and refuses the file by name', async () => {
    configureFileLimits({ timeoutSeconds: 0.01, heapMb: 512 });
    await expect(extractDocumentProtected(PDF, '方案.pdf')).rejects.toThrow('方案.pdf: processing the file took longer than 0.01 s and was stopped');
  });

  it('stops a reading past the memory limit and refuses the file by name', async () => {
    configureFileLimits({ timeoutSeconds: 30, heapMb: 4 });
    await expect(extractDocumentProtected(PDF, '方案.pdf')).rejects.toThrow('方案.pdf: processing the file needed more than 4 MB of memory and was stopped');
  });

  it('runs at most two readings at once and finishes every queued one', async () => {
    const all = await Promise.all(Array.from({ length: 5 }, (_, i) => extractDocumentProtected(PDF, `${i}.pdf`)));
    expect(all.map((d) => d.format)).toEqual(['pdf', 'pdf', 'pdf', 'pdf', 'pdf']);
  });
});
