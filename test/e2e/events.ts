import type { Page } from 'playwright-core';
import { buttonName } from './browser.ts';

/** Registers the signed-in participant on the event page open in `page`, and waits for its row. */
export async function registerAs(page: Page, name: string, uscc: string): Promise<void> {
  await page.getByTestId('participant-name').fill(name);
  await page.getByTestId('participant-uscc').fill(uscc);
  await page.getByTestId('participant-submit').click();
  await page.getByTestId('participants-table').getByText(name).waitFor();
}

/** Creates a public event with two tables on `date` from the events page, as the signed-in organiser, and waits for its page. */
export async function createPublicEvent(organiser: Page, name: string, date: string): Promise<void> {
  await organiser.goto('/events');
  await organiser.getByTestId('new-event').click();
  const dialog = organiser.getByRole('dialog');
  await dialog.getByTestId('event-name').fill(name);
  await dialog.getByTestId('event-date').click();
  await organiser.keyboard.type(date);
  await organiser.keyboard.press('Enter');
  await dialog.getByLabel('报名方式').click();
  await organiser.locator('.ant-select-item-option', { hasText: '公开报名' }).click();
  await dialog.getByTestId('event-tables').fill('2');
  await dialog.getByRole('button', { name: buttonName('保存') }).click();
  await organiser.getByRole('heading', { name }).waitFor();
}
