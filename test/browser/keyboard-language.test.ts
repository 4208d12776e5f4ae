// A journey done with the keyboard alone (sign in, report an incident, issue its warning), with the focus visible at
// every stop; and both languages: switching to English renders every text from the English catalogue (no raw key)
// and problem titles come back in English, then in Chinese again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import { zhCN as zh } from '../../web/src/i18n/zh-CN.ts';
import { captureFailure, expectAccessible, screenshots, settled, startHarness, type Harness } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(h?.page, ctx.task.name);
});
afterAll(async () => {
  await h?.close();
});

interface Focused {
  tag: string;
  name: string | null;
  id: string;
  text: string;
  outline: string;
  outlineWidth: string;
  nativePicker: boolean;
}

const focused = (page: Page) =>
  page.evaluate(async (): Promise<Focused> => {
    // Styles of the newly focused element settle by the next frame.
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const nativePicker = el instanceof HTMLInputElement && el.type.startsWith('date') && !el.matches(':focus');
    return { tag: el.tagName.toLowerCase(), name: el.getAttribute('name'), id: el.id, text: (el.textContent ?? '').trim(), outline: style.outlineStyle, outlineWidth: style.outlineWidth, nativePicker };
  });

/** Presses Tab until the focus is on what `match` accepts; every stop on the way must show a focus outline. */
async function tabTo(page: Page, match: (f: Focused) => boolean, max = 80): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    // The calendar button inside a date input's own (browser) shadow root shows Chromium's focus ring, which no page
    // style reaches or reads; every other stop is checked.
    if (f.tag !== 'body' && !f.nativePicker) expect(f.outline === 'none' || f.outlineWidth === '0px', `no visible focus on ${JSON.stringify(f)}`).toBe(false);
    if (match(f)) return f;
  }
  throw new Error('never reached by Tab');
}
const field = (name: string) => (f: Focused) => f.name === name;
const text = (t: string) => (f: Focused) => f.text === t;

describe('the console with the keyboard only', () => {
  it('signs in, reports an incident and issues its warning without a pointer', async () => {
    const { page, platform } = h;
    await page.goto(`${platform.url}/local/sign-in`);
    // Role "office" and level "county" are the defaults; the division is typed.
    await tabTo(page, (f) => f.id === 'division');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('110105');
    await tabTo(page, text('登录 · Sign in'));
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.hash === '#/office');
    await settled(page, zh['page.dashboard']);

    // The skip link comes first and jumps to the content.
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe(zh['app.skip']);

    await tabTo(page, text(zh['nav.reportIncident']));
    await page.keyboard.press('Enter');
    await settled(page, zh['page.reportIncident']);
    const typeInto = async (name: string, value: string) => {
      await tabTo(page, field(name));
      await page.keyboard.type(value);
    };
    await typeInto('type', '燃气爆炸');
    await typeInto('title', '键盘报告：朝阳区燃气爆炸');
    await typeInto('location.address', '朝阳区某小区');
    await typeInto('location.lat', '39.93');
    await typeInto('location.lng', '116.45');
    await tabTo(page, field('casualties.injured'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    await typeInto('description', '居民楼燃气爆炸，四人受伤。');
    await tabTo(page, text(zh['incident.submitReport']));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^#\/office\/incidents\/[\w-]{8,}$/.test(location.hash));
    await settled(page, '键盘报告：朝阳区燃气爆炸');

    // Open the warning form (a <summary>) with Enter, fill it, submit with Enter.
    await tabTo(page, text(zh['warning.issueNew']));
    await page.keyboard.press('Enter');
    await typeInto('title.zh-CN', '朝阳区燃气爆炸蓝色预警');
    await typeInto('area.circle.lat', '39.93');
    await typeInto('area.circle.lng', '116.45');
    await typeInto('area.circle.radiusKm', '1');
    await typeInto('hazards', '燃气泄漏');
    await typeInto('measures', '远离现场');
    await tabTo(page, text(zh['warning.issue']));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: zh['warning.issued'] }).waitFor();
    await settled(page);
    expect(await page.locator('.badge-warning-4').first().textContent()).toBe('蓝色预警（4级）');
    expect(await page.locator('svg.map circle.warn-4').count()).toBe(1);

    // A dialog opened from the keyboard takes the focus and Escape closes it.
    await tabTo(page, text(zh['warning.lift']));
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(h.pageErrors).toEqual([]);
  });
});

describe('both languages', () => {
  const keys = Object.keys(zh);
  const rawKeysIn = (body: string) => keys.filter((k) => body.includes(k));

  it('switches to English: every text from the English catalogue, problem titles in English', async () => {
    const { page, platform } = h;
    await page.goto(`${platform.url}/#/office/plans/new`);
    await settled(page, zh['page.newPlan']);
    await page.selectOption('#lang-select', 'en');
    await settled(page, en['page.newPlan']);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('navigation', { name: en['nav.label'] }).getByRole('link', { name: en['nav.plans'] }).count()).toBe(1);
    expect(rawKeysIn(await page.locator('body').innerText())).toEqual([]);

    // The API's problem title comes in the chosen language (Accept-Language: en).
    await page.getByRole('button', { name: en['plan.create'] }).click();
    await page.getByRole('alert').filter({ hasText: 'The request is not valid' }).waitFor();
    await expectAccessible(page, 'plan-editor-en');
    await screenshots(page, 'plan-editor-errors-en');

    // The choice is remembered: a reload renders English straight away.
    await page.goto(`${platform.url}/#/`);
    await settled(page, en['page.warnings']);
    expect(rawKeysIn(await page.locator('body').innerText())).toEqual([]);
    await screenshots(page, 'public-warnings-en');

    await page.selectOption('#lang-select', 'zh-CN');
    await settled(page, zh['page.warnings']);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.goto(`${platform.url}/#/office/plans/new`);
    await settled(page, zh['page.newPlan']);
    await page.getByRole('button', { name: zh['plan.create'] }).click();
    await page.getByRole('alert').filter({ hasText: '请求内容不符合要求' }).waitFor();
    expect(h.pageErrors).toEqual([]);
  });
});
