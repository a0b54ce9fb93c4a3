import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DESKTOP, launchBrowser, openPage, serverUrl, signInAt } from './browser.ts';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the document import page in Chinese', () => {
  it('shows the parser’s notes and a refused file’s reason in Chinese, with the line and the file name', async () => {
    const gap = path.join(dir, '跳号.md');
    fs.writeFileSync(gap, ['某县人民政府关于某事的通知', '', '一、甲', '', '（一）子一。', '', '三、丙', ''].join('\n'));
    // A zip's first bytes and nothing a reader can use: the .docx is cut off.
    const cut = path.join(dir, '半截.docx');
    fs.writeFileSync(cut, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    const page = await openPage(browser, serverUrl(), DESKTOP);
    try {
      await signInAt(page, 'duban', '/plans/new');
      await page.locator('input[type="file"]').setInputFiles(gap);
      const warnings = page.getByTestId('parser-warnings');
      await warnings.waitFor();
      const notes = (await warnings.textContent()) ?? '';
      expect(notes).toContain('第 7 行');
      expect(notes).toContain('编号从“一、”跳到了“三、”（应为“二、”）');
      expect(notes).not.toContain('numbering jumps');

      await page.goto('/plans/new');
      await page.locator('input[type="file"]').setInputFiles(cut);
      const toast = page.locator('.ant-message').getByText('半截.docx');
      await toast.waitFor();
      const reason = (await toast.textContent()) ?? '';
      expect(reason).toContain('文件不完整或已损坏');
      expect(reason).not.toContain('zip archive');
    } finally {
      await page.context().close();
    }
  });
});
