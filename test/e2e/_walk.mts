import fs from 'node:fs';
import { launchBrowser, openPage, signInAt } from './browser.ts';
const base = 'http://localhost:3555';
const browser = await launchBrowser();
const out = '/tmp/walk'; fs.mkdirSync(out, { recursive: true });
const users: Record<string, string[]> = {
  duban: ['/dashboard', '/plans', '/progress', '/progress/results', '/progress/briefing', '/projects', '/reporting', '/escalations', '/reminders', '/atlas', '/atlas/enterprises', '/atlas/clusters', '/atlas/intermediaries', '/complexity', '/events', '/units', '/people', '/accounts', '/audit'],
  gxj: ['/dashboard', '/reporting', '/progress', '/progress/my-portfolio', '/projects', '/events', '/atlas'],
  leader: ['/dashboard', '/progress', '/progress/results', '/progress/my-portfolio'],
  swj: ['/dashboard', '/reporting', '/events'],
};
const problems: string[] = [];
for (const [user, paths] of Object.entries(users)) {
  const page = await openPage(browser, base);
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text().slice(0, 200)}`); });
  await signInAt(page, user, '/dashboard');
  for (const p of paths) {
    errors.length = 0;
    await page.goto(p);
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.waitForTimeout(800);
    const info = await page.evaluate(() => {
      const text = document.body.innerText;
      const bad = [...text.matchAll(/undefined|NaN|\[object|Invalid Date|\b[a-z]+\.[a-z]+\.[a-zA-Z]+\b/g)].map((m) => m[0]).slice(0, 5);
      const over = [...document.querySelectorAll('body *')].filter((el) => { const r = el.getBoundingClientRect(); return r.right > window.innerWidth + 2 && getComputedStyle(el).position !== 'fixed' && r.width > 0; }).slice(0, 3).map((el) => `${el.tagName}.${(el as HTMLElement).className}`.slice(0, 80));
      return { bad, over, scroll: document.documentElement.scrollWidth, title: document.title, h: document.documentElement.scrollHeight };
    });
    const name = `${user}${p.replace(/\//g, '_')}`;
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: false });
    const line = `${user} ${p}: scroll ${info.scroll} h ${info.h} bad ${JSON.stringify(info.bad)} over ${JSON.stringify(info.over)} console ${JSON.stringify(errors.slice(0, 3))}`;
    console.log(line);
  }
  await page.context().close();
}
await browser.close();
