import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createPublicEvent } from './events.ts';
import { launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';
import { withCheckChar } from '../../src/modules/atlas/atlas.uscc.domain.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const EVENT = `个人链接测试对接会${Date.now() % 100000}`;

/** Registers an enterprise anonymously on the public form at `link` and returns its personal link, shown once on success. */
async function registerAnonymously(page: Page, link: string, name: string, uscc: string): Promise<string> {
  await page.goto(link);
  await page.getByTestId('public-name').fill(name);
  await page.getByTestId('public-uscc').fill(uscc);
  await page.getByTestId('public-submit').click();
  await page.getByTestId('public-done').waitFor();
  const own = (await page.getByTestId('public-self-link').textContent())!.trim();
  expect(own).toMatch(/\/events\/[0-9a-f-]{36}\/self\/[A-Za-z0-9_-]{32}$/);
  return own;
}

/** On a personal link's page: publishes an offer or need tagged with the chain and segment whose names contain the words given. */
async function publish(page: Page, kind: '供' | '需', title: string, chain: string, segment: string): Promise<void> {
  await page.getByTestId('offer-kind').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: kind }).click();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  await page.getByTestId('offer-title').fill(title);
  await page.getByTestId('offer-chain').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: chain }).click();
  // The chain's list stays visible while it closes: open the segments only once it is gone.
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  await page.getByTestId('offer-segment').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: segment }).first().click();
  await page.getByTestId('offer-submit').click();
  await page.getByTestId('my-offers').getByText(title).waitFor();
}

describe('a participant without an account, by its personal link', () => {
  it('publishes a need tagged from the atlas, asks a recommended participant for a meeting, who accepts by its own link, and downloads its calendar', async () => {
    const organiser = await openPage(browser, baseUrl);
    await signIn(organiser, 'fgw');
    await createPublicEvent(organiser, EVENT, '2030-08-01');
    await organiser.getByTestId('event-next-status').click();
    await expect.poll(() => organiser.getByTestId('event-status').textContent()).toBe('报名中');
    const link = (await organiser.getByTestId('public-link').textContent())!.trim();

    // Two enterprises register on the public form; each is given its own link.
    const supplier = await openPage(browser, baseUrl);
    const supplierLink = await registerAnonymously(supplier, link, '个人链接示例正极材料公司', withCheckChar('91120116MA05W0201'));
    const buyer = await openPage(browser, baseUrl);
    const buyerLink = await registerAnonymously(buyer, link, '个人链接示例电池公司', withCheckChar('91120116MA05W0202'));
    expect(buyerLink).not.toBe(supplierLink);

    // The supplier offers cathode material, the buyer needs it: both tagged from the atlas's NEV chain.
    await supplier.goto(supplierLink);
    await publish(supplier, '供', '磷酸铁锂正极材料批量供货', '新能源', '正极材料');
    await buyer.getByTestId('public-self-open').click();
    await publish(buyer, '需', '正极材料长期采购', '新能源', '正极材料');
    expect(await buyer.getByTestId('my-offers').textContent()).toContain('正极材料');

    // The buyer is recommended the supplier, with the reason, and asks for a meeting from the recommendation.
    const recommended = buyer.getByTestId('recommendations').locator('.ant-list-item', { hasText: '个人链接示例正极材料公司' });
    await recommended.waitFor();
    await recommended.getByTestId('recommendation-ask').click();
    await buyer.getByTestId('request-message').fill('希望洽谈年度供货');
    await buyer.getByTestId('request-submit').click();
    const sent = buyer.getByTestId('my-requests').locator('tr', { hasText: '个人链接示例正极材料公司' });
    await expect.poll(() => sent.textContent()).toContain('待答复');
    await screenshot(buyer, 'events-self-link');

    // The supplier, by its own link, sees the request and accepts it; the buyer sees it accepted.
    await supplier.reload();
    const received = supplier.getByTestId('my-requests').locator('tr', { hasText: '个人链接示例电池公司' });
    await received.getByTestId('accept-request').click();
    await expect.poll(() => received.textContent()).toContain('已接受');
    await buyer.reload();
    await expect.poll(() => buyer.getByTestId('my-requests').locator('tr', { hasText: '个人链接示例正极材料公司' }).textContent()).toContain('已接受');

    // The organiser sees the request between the two on the event page.
    await organiser.reload();
    await organiser.getByRole('tab', { name: '约见' }).click();
    await organiser.locator('tr', { hasText: '个人链接示例电池公司' }).getByText('已接受').waitFor();

    // The calendar file downloads from the personal link's page.
    const [download] = await Promise.all([buyer.waitForEvent('download'), buyer.getByTestId('self-ics').click()]);
    const ics = fs.readFileSync((await download.path())!, 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');

    // A link with a wrong secret says so and shows nothing of the participant.
    const stranger = await openPage(browser, baseUrl);
    await stranger.goto(buyerLink.replace(/[A-Za-z0-9_-]{32}$/, 'x'.repeat(32)));
    await stranger.getByTestId('self-refused').getByText('个人链接无效或已失效').waitFor();
    expect(await stranger.getByText('个人链接示例电池公司').count()).toBe(0);
  }, 240_000);
});
