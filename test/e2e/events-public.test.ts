import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import mammoth from 'mammoth';
import { createPublicEvent, registerAs } from './events.ts';
import { chooseOption, launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';
import { withCheckChar } from '../../src/modules/atlas/atlas.uscc.domain.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const EVENT = `公开报名测试对接会${Date.now() % 100000}`;

describe('public registration, availability, offers with a segment, and the Word report in the browser', () => {
  it('an anonymous visitor registers by the copied link; a participant ticks its slots and tags an offer; the organiser downloads the Word report', async () => {
    const organiser = await openPage(browser, baseUrl);
    await signIn(organiser, 'fgw');
    await createPublicEvent(organiser, EVENT, '2030-07-01');
    const link = (await organiser.getByTestId('public-link').textContent())!.trim();
    expect(link).toMatch(/\/events\/[0-9a-f-]{36}\/register$/);

    // While the event is still being prepared the visitor is told it is not published, with no form.
    const visitor = await openPage(browser, baseUrl);
    await visitor.goto(link);
    await visitor.getByTestId('public-refused').getByText('活动不存在或尚未发布').waitFor();
    expect(await visitor.getByTestId('public-submit').count()).toBe(0);

    await organiser.getByTestId('event-next-status').click();
    await expect.poll(() => organiser.getByTestId('event-status').textContent()).toBe('报名中');

    // The anonymous visitor: a wrong check character is named on the field; the right code registers and shows the check-in code.
    await visitor.reload();
    const good = withCheckChar('91120116MA05W0101');
    await visitor.getByTestId('public-name').fill('匿名报名示例电池公司');
    await visitor.getByTestId('public-uscc').fill(good.slice(0, 17) + (good[17] === '0' ? '1' : '0'));
    await visitor.getByTestId('public-submit').click();
    await visitor.getByText(/校验位应为/).first().waitFor();
    await visitor.getByTestId('public-uscc').fill(good);
    await visitor.getByTestId('public-submit').click();
    await visitor.getByTestId('public-done').waitFor();
    expect(await visitor.getByTestId('public-done').textContent()).toMatch(/匿名报名示例电池公司 已报名。请保存签到码 [2-9A-Z]{8}/);
    await screenshot(visitor, 'events-public-registration');

    // A participant with its own account: only the second slot, and an offer tagged with a chain segment from the atlas.
    const participant = await openPage(browser, baseUrl);
    await signIn(participant, 'swj');
    await participant.goto(organiser.url());
    await participant.getByTestId('participants-table').getByText('匿名报名示例电池公司').waitFor();
    await registerAs(participant, '浏览器示例投资基金', withCheckChar('91120116MA05W0102'));
    await participant.getByRole('tab', { name: '我的' }).click();
    const availability = participant.getByTestId('availability');
    await availability.getByText('全选').click(); // every slot is ticked at first: untick them all
    await participant.getByTestId('slot-2').click();
    await participant.getByTestId('availability-save').click();
    await expect.poll(() => participant.getByTestId('availability-saved').textContent()).toBe('已保存 1 个可参加时段');
    await participant.getByTestId('offer-title').fill('电池项目股权投资');
    // Each list is read for its first option's name, which is then picked by name (chooseOption picks again if a click
    // made while the list was still opening was lost). The chain's list stays visible while it closes: the segments'
    // list is opened only once it is gone, or its options are taken for theirs.
    await participant.getByTestId('offer-chain').click();
    const chainOption = participant.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    const chainName = (await chainOption.textContent())!.trim();
    await chooseOption(participant, participant.getByTestId('offer-chain'), chainName);
    await expect.poll(() => participant.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await participant.getByTestId('offer-segment').click();
    const segmentOption = participant.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await segmentOption.waitFor();
    const segmentName = (await segmentOption.textContent())!.trim();
    await chooseOption(participant, participant.getByTestId('offer-segment'), segmentName);
    await expect.poll(() => participant.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await participant.getByTestId('offer-submit').click();
    await participant.getByText('电池项目股权投资').waitFor();
    expect(chainName.length).toBeGreaterThan(0);
    await participant.reload();
    await participant.getByRole('tab', { name: '我的' }).click();
    const item = participant.locator('.ant-list-item', { hasText: '电池项目股权投资' });
    // The tag shows the atlas's names, not the keys.
    expect(await item.locator('.ant-tag').nth(1).textContent()).toBe(`${chainName} · ${segmentName}`);
    expect(await participant.getByTestId('slot-2').isChecked()).toBe(true);
    expect(await participant.getByTestId('slot-1').isChecked()).toBe(false);

    // The organiser's report as Word: its figures are the page's.
    await organiser.reload();
    await organiser.getByRole('tab', { name: '报告' }).click();
    const [download] = await Promise.all([organiser.waitForEvent('download'), organiser.getByTestId('report-docx').click()]);
    expect(download.suggestedFilename()).toBe(`${EVENT}-活动报告.docx`);
    const text = (await mammoth.extractRawText({ buffer: fs.readFileSync((await download.path())!) })).value;
    expect(text).toContain(`关于${EVENT}情况的报告`);
    expect(text).toContain('共有2家单位报名参会');
    expect(text).toContain('供需和成果共涉及产业链环节1个。');
  }, 240_000);
});
