// Low bandwidth: an incident report made offline waits in the browser with the Idempotency-Key of its first submit
// and is sent once when the connection returns; a report whose reply was lost is sent again and still creates one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zhCN as zh } from '../../web/src/i18n/zh-CN.ts';
import { captureFailure, expectAccessible, screenshots, settled, signIn, startHarness, type Harness } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await signIn(h.page, h.platform.url, { role: 'office', division: '110105', level: 'county' });
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(h?.page, ctx.task.name);
});
afterAll(async () => {
  await h?.close();
});

const county = { sub: 'office-110105', roles: ['office' as const], division: '110105', level: 'county' as const };

async function incidentsTitled(title: string): Promise<unknown[]> {
  const r = await h.platform.call('GET', '/v1/incidents?division=110105&limit=100', { caller: county });
  expect(r.status).toBe(200);
  return (r.body.items as { title: string }[]).filter((i) => i.title === title);
}

async function fillReport(title: string): Promise<void> {
  const { page, platform } = h;
  await page.goto(`${platform.url}/#/office/incidents/new`);
  await settled(page, zh['page.reportIncident']);
  await page.fill('[name="type"]', '山洪');
  await page.fill('[name="title"]', title);
  await page.fill('[name="location.address"]', '门头沟区山区');
  await page.fill('[name="location.lat"]', '39.94');
  await page.fill('[name="location.lng"]', '116.10');
  await page.fill('[name="casualties.missing"]', '3');
  await page.fill('[name="description"]', '山洪冲毁道路，三人失联。');
}

describe('an incident report made offline', () => {
  it('waits on the device, says so, and is sent exactly once when the connection returns', async () => {
    const { page, context } = h;
    const title = '离线报告：门头沟山洪';
    await fillReport(title);
    await context.setOffline(true);
    await page.getByRole('status').filter({ hasText: zh['app.offline'] }).waitFor();
    await page.getByRole('button', { name: zh['incident.submitReport'] }).click();

    // The page says what is waiting, and nothing reached the API.
    await page.getByText(zh['outbox.queued']).waitFor();
    const waiting = page.getByRole('region', { name: zh['outbox.title'].replace('{n}', '1') });
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain(title);
    expect(await waiting.textContent()).toContain(zh['outbox.offline']);
    await expectAccessible(page, 'incident-report-offline');
    await screenshots(page, 'incident-report-offline');
    expect(await incidentsTitled(title)).toHaveLength(0);

    // Back online: the browser's online event sends it, the page links the incident and the queue is empty.
    await context.setOffline(false);
    await page.getByText(zh['outbox.delivered'].replace('{n}', '1')).waitFor();
    await page.getByRole('link', { name: title }).waitFor();
    await waiting.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => localStorage.getItem('erp.outbox.incident-report'))).toBe('[]');
    expect(await incidentsTitled(title)).toHaveLength(1);

    // A later online event (or another tab flushing) finds nothing to send: still one incident.
    await context.setOffline(true);
    await context.setOffline(false);
    await settled(page);
    expect(await incidentsTitled(title)).toHaveLength(1);
  });

  it('sends a report whose reply was lost again with the same key, and the API creates it once', async () => {
    const { page } = h;
    const title = '回复丢失的报告：房山泥石流';
    await fillReport(title);
    // The first POST reaches the API (which creates the incident) but its reply never reaches the page.
    let sentKey: string | undefined;
    await page.route('**/v1/incidents', async (route) => {
      if (route.request().method() !== 'POST' || sentKey) return route.fallback();
      sentKey = route.request().headers()['idempotency-key'];
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: zh['incident.submitReport'] }).click();
    await page.getByText(zh['outbox.queued']).waitFor();
    expect(sentKey).toBeTruthy();
    expect(await incidentsTitled(title)).toHaveLength(1);
    const queued = JSON.parse((await page.evaluate(() => localStorage.getItem('erp.outbox.incident-report'))) ?? '[]') as { idempotencyKey: string }[];
    expect(queued.map((q) => q.idempotencyKey)).toEqual([sentKey]);

    // Sending it again replays the first result: the page links the one incident, the API still has one.
    const replayed = page.waitForResponse((r) => r.url().endsWith('/v1/incidents') && r.request().method() === 'POST');
    await page.getByRole('button', { name: zh['outbox.sendNow'] }).click();
    const reply = await replayed;
    expect(reply.status()).toBe(201);
    expect(reply.headers()['idempotent-replayed']).toBe('true');
    await page.getByRole('link', { name: title }).waitFor();
    expect(await incidentsTitled(title)).toHaveLength(1);
    await page.unroute('**/v1/incidents');
    expect(h.pageErrors).toEqual([]);
  });
});
