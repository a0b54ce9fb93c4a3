import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createPublicEvent, registerAs } from './events.ts';
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

const EVENT = `浏览器测试对接会${Date.now() % 100000}`;

describe('matchmaking events in the browser', () => {
  it('an organiser creates an event; a participant registers and asks for a meeting; it is accepted, scheduled and on the agenda', async () => {
    const organiser = await openPage(browser, baseUrl);
    await signIn(organiser, 'fgw');
    await createPublicEvent(organiser, EVENT, '2030-06-01');
    await organiser.getByTestId('event-next-status').click();
    await expect.poll(() => organiser.getByTestId('event-status').textContent()).toBe('报名中');
    // A wrong check character is refused naming the field; the right code registers.
    const good = withCheckChar('91120116MA05W0001');
    await organiser.getByTestId('participant-name').fill('浏览器示例电池公司');
    await organiser.getByTestId('participant-uscc').fill(good.slice(0, 17) + (good[17] === '0' ? '1' : '0'));
    await organiser.getByTestId('participant-submit').click();
    await organiser.getByText(/校验位应为/).first().waitFor();
    await registerAs(organiser, '浏览器示例电池公司', good);

    // A participant with its own account registers on the public event and asks the battery maker for a meeting.
    const participant = await openPage(browser, baseUrl);
    await signIn(participant, 'swj');
    await participant.goto(organiser.url());
    await registerAs(participant, '浏览器示例整车公司', withCheckChar('91120116MA05W0002'));
    await participant.getByRole('tab', { name: '我的' }).click();
    await participant.getByTestId('request-to').click();
    await participant.locator('.ant-select-item-option', { hasText: '浏览器示例电池公司' }).click();
    await participant.getByTestId('request-submit').click();
    await participant.getByRole('tab', { name: '约见' }).click();
    await participant.getByTestId('requests-table').getByText('待答复').waitFor();

    // The organiser accepts on the battery maker's behalf and runs 排会: the meeting lands in the grid.
    await organiser.reload();
    await organiser.getByRole('tab', { name: '约见' }).click();
    await organiser.getByTestId('accept-request').click();
    await organiser.getByTestId('requests-table').getByText('已接受').waitFor();
    await organiser.getByRole('tab', { name: '日程/排会' }).click();
    await organiser.getByTestId('run-schedule').click();
    await expect.poll(() => organiser.getByTestId('schedule-result').textContent()).toMatch(/已安排 1 场，未能安排 0 场/);
    await organiser.getByTestId('schedule-grid').getByText('浏览器示例整车公司 — 浏览器示例电池公司').waitFor();
    await screenshot(organiser, 'events-schedule', { fullPage: true });

    // The organiser records the meeting's outcome, its chain and segment picked from the atlas; the table names them.
    await organiser.getByRole('tab', { name: '成果' }).click();
    await organiser.getByTestId('outcome-record').click();
    const outcome = organiser.getByTestId('outcome-form');
    await outcome.getByTestId('outcome-chain').click();
    const chainOption = organiser.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    const chainName = (await chainOption.textContent())!.trim();
    await chainOption.click();
    await expect.poll(() => organiser.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await outcome.getByTestId('outcome-segment').click();
    const segmentOption = organiser.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await segmentOption.waitFor();
    const segmentName = (await segmentOption.textContent())!.trim();
    await segmentOption.click();
    await outcome.getByTestId('outcome-save').click();
    await organiser.getByTestId('outcomes-table').getByText(`意向 · ${chainName} · ${segmentName}`).waitFor();

    // The participant's agenda: the meeting with its table number and the check-in QR code.
    await participant.reload();
    await participant.getByRole('tab', { name: '我的' }).click();
    await participant.getByTestId('my-agenda').click();
    await participant.getByTestId('agenda-title').waitFor();
    const row = participant.getByTestId('agenda-table').locator('tr', { hasText: '浏览器示例电池公司' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/\d{2}:\d{2}–\d{2}:\d{2}.*1 号桌/);
    await participant.getByTestId('agenda-qr').waitFor();
    await screenshot(participant, 'events-agenda', { fullPage: true });
  }, 240_000);
});
