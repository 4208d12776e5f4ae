// The office's journey in the browser, in zh-CN: a plan from draft to published, an incident reported, a warning
// issued and a response activated; then the public page shows the warning. Every page on the way is checked with
// axe-core and photographed at 390 px and 1280 px. An invalid submission shows the problem's title and each field's
// error next to that field, and keeps what was typed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zhCN as zh } from '../../web/src/i18n/zh-CN.ts';
import { captureFailure, expectAccessible, screenshots, settled, signIn, startHarness, visit, type Harness } from './support.ts';

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

const county = { sub: 'office-110105', roles: ['office' as const], division: '110105', level: 'county' as const };

describe('an emergency office in the console', () => {
  let planId = '';
  let incidentId = '';

  it('sees the public pages before signing in', async () => {
    const { page, platform } = h;
    await visit(page, platform.url, '/', 'public-warnings-empty', zh['page.warnings']);
    await page.getByText(zh['public.noWarnings']).waitFor({ state: 'visible' });
    await visit(page, platform.url, '/releases', 'public-releases', zh['page.releases']);
    await visit(page, platform.url, '/sign-in', 'sign-in', zh['page.signIn']);
    await page.goto(`${platform.url}/local/sign-in`);
    await expectAccessible(page, 'local-sign-in');
    await screenshots(page, 'local-sign-in');
    // An office page without signing in says so instead of failing.
    await visit(page, platform.url, '/office', 'office-signed-out', zh['page.signInNeeded']);
  });

  it('refuses an invalid plan with the problem title and the field named, keeping what was typed', async () => {
    const { page, platform } = h;
    await signIn(page, platform.url, { role: 'office', division: '110105', level: 'county' });
    await visit(page, platform.url, '/office/plans/new', 'plan-editor', zh['page.newPlan']);
    // A level with measures but a threshold that is not a number, and no title: the API names both fields.
    await page.fill('[name="responseLevels.IV.thresholds.deaths"]', 'many');
    await page.fill('[name="responseLevels.IV.measures"]', '开放避难场所');
    await page.getByRole('button', { name: zh['plan.create'] }).click();
    const summary = page.getByRole('alert').filter({ hasText: '请求内容不符合要求' });
    await summary.waitFor();
    // Each error sits next to its field: aria-describedby points at the error text, aria-invalid is set.
    for (const name of ['title', 'responseLevels.IV.thresholds.deaths']) {
      const input = page.locator(`[name="${name}"]`);
      expect(await input.getAttribute('aria-invalid'), name).toBe('true');
      const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
      const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
      expect(errorId, name).toBeTruthy();
      expect((await page.locator(`#${errorId}`).textContent())?.length, name).toBeGreaterThan(0);
    }
    expect(await page.inputValue('[name="responseLevels.IV.measures"]')).toBe('开放避难场所');
    expect(await page.inputValue('[name="responseLevels.IV.thresholds.deaths"]')).toBe('many');
    await expectAccessible(page, 'plan-editor-errors');
    await screenshots(page, 'plan-editor-errors');
  });

  it('takes a plan from draft to published', async () => {
    const { page } = h;
    await page.fill('[name="title"]', '朝阳区防汛专项应急预案');
    await page.fill('[name="responseLevels.IV.thresholds.deaths"]', '1');
    await page.fill('[name="responseLevels.III.thresholds.deaths"]', '3');
    await page.fill('[name="responseLevels.III.thresholds.directLossFen"]', '1,000,000.50');
    await page.fill('[name="responseLevels.III.measures"]', '转移低洼地区群众\n启用应急避难场所');
    await page.fill('[name="warningMeasures.4"]', '发布预报');
    await page.getByRole('button', { name: zh['plan.create'] }).click();
    await page.waitForFunction(() => /^#\/office\/plans\/[\w-]{8,}$/.test(location.hash));
    planId = decodeURIComponent((await page.evaluate(() => location.hash)).split('/').pop()!);
    await settled(page, '朝阳区防汛专项应急预案');
    // Money typed in yuan is stored as integer fen and shown as yuan again.
    expect(await page.getByText('¥1,000,000.50').count()).toBeGreaterThan(0);
    for (const action of ['submit', 'approve', 'publish'] as const) {
      const label = zh[`planAction.${action}`];
      await page.getByRole('button', { name: label }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      if (action === 'submit') {
        await expectAccessible(page, 'plan-transition-dialog');
        await screenshots(page, 'plan-transition-dialog');
      }
      await dialog.getByRole('button', { name: label }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('status').filter({ hasText: zh[`status.${action === 'submit' ? 'under-review' : action === 'approve' ? 'approved' : 'published'}`] }).waitFor();
    }
    await settled(page);
    // Published: filing is offered next (waited for, not sampled: the page re-reads the plan after the dialog closes).
    await page.getByRole('button', { name: zh['planAction.file'] }).waitFor({ state: 'visible' });
    await expectAccessible(page, 'plan-published');
    await screenshots(page, 'plan-page');
    const plan = await h.platform.call('GET', `/v1/plans/${planId}`, { caller: county });
    expect(plan.body).toMatchObject({ status: 'published', inForceVersion: 1 });
    expect(plan.body.content.responseLevels.III.thresholds.directLossFen).toBe(100_000_050);
  });

  it('shows the plan lists, a version, the revision editor and the drills due', async () => {
    const { page, platform } = h;
    await visit(page, platform.url, '/office/plans', 'plans', zh['page.plans']);
    expect(await page.getByRole('link', { name: '朝阳区防汛专项应急预案' }).count()).toBeGreaterThan(0);
    await visit(page, platform.url, `/office/plans/${planId}/versions/1`, 'plan-version');
    await visit(page, platform.url, `/office/plans/${planId}/edit`, 'plan-revise', zh['page.revisePlan']);
    expect(await page.inputValue('[name="responseLevels.III.thresholds.directLossFen"]')).toBe('1000000.50');
    await visit(page, platform.url, '/office/plans/due-for-drill', 'plans-due-for-drill', zh['page.dueForDrill']);
  });

  it('reports an incident whose severity is derived from the plan, with its basis', async () => {
    const { page, platform } = h;
    await visit(page, platform.url, '/office/incidents/new', 'incident-report', zh['page.reportIncident']);
    await page.fill('[name="type"]', '城市内涝');
    await page.fill('[name="title"]', '朝阳区暴雨内涝');
    await page.fill('[name="location.address"]', '朝阳区东三环');
    await page.fill('[name="location.lat"]', '39.92');
    await page.fill('[name="location.lng"]', '116.46');
    await page.fill('[name="casualties.deaths"]', '2');
    await page.fill('[name="directLossFen"]', '1234.56');
    await page.fill('[name="description"]', '强降雨造成道路积水，两人遇难。');
    await page.getByRole('button', { name: zh['incident.submitReport'] }).click();
    await page.waitForFunction(() => /^#\/office\/incidents\/[\w-]{8,}$/.test(location.hash));
    incidentId = decodeURIComponent((await page.evaluate(() => location.hash)).split('/').pop()!);
    await settled(page, '朝阳区暴雨内涝');
    expect(await page.getByText('¥1,234.56').count()).toBeGreaterThan(0);
    // Severity IV, and the basis names the plan, the metric and the threshold.
    expect(await page.locator('.facts').first().textContent()).toContain('IV 级');
    expect(await page.getByText(planId, { exact: false }).count()).toBeGreaterThan(0);
  });

  it('issues a warning and activates a response from the incident page', async () => {
    const { page } = h;
    const warnings = page.locator('section[aria-labelledby="incident-warnings"]');
    await warnings.getByText(zh['warning.issueNew']).click();
    await warnings.locator('[name="level"]').selectOption('3');
    await warnings.locator('[name="title.zh-CN"]').fill('朝阳区暴雨黄色预警');
    await warnings.locator('[name="title.en"]').fill('Yellow rainstorm warning, Chaoyang');
    await warnings.locator('[name="area.polygon"]').fill('39.90, 116.40\n39.95, 116.40\n39.95, 116.50');
    await warnings.locator('[name="hazards"]').fill('道路积水');
    await warnings.locator('[name="measures"]').fill('避免前往低洼地区\n留意官方通知');
    await warnings.getByRole('button', { name: zh['warning.issue'] }).click();
    await page.getByRole('status').filter({ hasText: zh['warning.issued'] }).waitFor();
    await settled(page);
    expect(await page.locator('.badge-warning-3').first().textContent()).toBe('黄色预警（3级）');

    const response = page.locator('section[aria-labelledby="incident-response"]');
    await response.getByText(zh['response.activateNew']).click();
    // The plan the severity rests on is chosen already; the level and the metric follow the derivation.
    expect(await response.locator('[name="planId"]').inputValue()).toBe(planId);
    expect(await response.locator('[name="level"]').inputValue()).toBe('IV');
    await response.locator('[name="matters"]').fill('排水抢险和人员转移');
    await response.locator('[name="expectedDuration"]').fill('48 小时');
    await response.locator('[name="measures"]').fill('开放避难场所');
    await response.getByRole('button', { name: zh['response.activate'] }).click();
    await page.getByRole('status').filter({ hasText: zh['response.activated'] }).waitFor();
    await settled(page);
    // The filing queue and the timeline show the decisions.
    await page.locator('section[aria-labelledby="incident-filings"]').getByText(zh['decision.activation']).waitFor();
    await page.locator('section[aria-labelledby="incident-timeline"]').getByText(zh['action.issue-warning']).first().waitFor();
    // The map draws the incident point and the warning polygon.
    expect(await page.locator('svg.map polygon.warn-3').count()).toBe(1);
    expect(await page.locator('svg.map .map-point').count()).toBe(1);
    await expectAccessible(page, 'incident-page');
    await screenshots(page, 'incident-page');

    const incident = await h.platform.call('GET', `/v1/incidents/${incidentId}`, { caller: county });
    expect(incident.body).toMatchObject({ status: 'responding', response: { level: 'IV', status: 'active' } });
  });

  it('opens the response dialogs and the dashboard shows the incident responding', async () => {
    const { page, platform } = h;
    await page.getByRole('button', { name: zh['responseAction.change-level'] }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, 'response-dialog');
    await screenshots(page, 'response-change-level-dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await visit(page, platform.url, '/office', 'dashboard', zh['page.dashboard']);
    const responding = page.locator('section[aria-labelledby="incidents-responding"]');
    expect(await responding.getByRole('link', { name: '朝阳区暴雨内涝' }).count()).toBe(1);
    expect(await page.getByText(zh['flag.filingDue'].split('{date}')[0]!.trim() || '备案').count()).toBeGreaterThan(0);
  });

  it('shows the other areas and the subscriptions page', async () => {
    const { page, platform } = h;
    await visit(page, platform.url, '/subscriptions', 'subscriptions', zh['page.subscriptions']);
    await page.selectOption('[name="protocol"]', 'email');
    await page.fill('[name="endpoint"]', 'duty-officer@example.org');
    await page.fill('[name="filter.divisionPrefix"]', '1101');
    await page.getByRole('button', { name: zh['subscription.create'] }).click();
    await page.getByRole('status').filter({ hasText: zh['subscription.created'] }).waitFor();
    // The endpoint is personal data: the API returns it masked and the page shows what the API returned.
    expect(await page.getByText('duty-officer@example.org').count()).toBe(0);
    await screenshots(page, 'subscriptions-created');
    await signIn(page, platform.url, { role: 'org', division: '', org: 'org-redcross-1' });
    await visit(page, platform.url, '/org', 'org-home', zh['page.orgHome']);
    await signIn(page, platform.url, { role: 'citizen', division: '' });
    await visit(page, platform.url, '/citizen', 'citizen-home', zh['page.citizenHome']);
  });

  it('shows the warning to the public, with its colour, area, measures, CAP document and the feed', async () => {
    const { page, platform } = h;
    await page.getByRole('button', { name: zh['nav.signOut'] }).click();
    await visit(page, platform.url, '/', 'public-warnings', zh['page.warnings']);
    const card = page.locator('.warning-card').filter({ hasText: '朝阳区暴雨黄色预警' });
    await card.waitFor();
    expect(await card.locator('.badge-warning-3').textContent()).toBe('黄色预警（3级）');
    expect(await card.textContent()).toContain('避免前往低洼地区');
    expect(await card.textContent()).toContain('110105');
    const cap = await card.getByRole('link', { name: zh['warning.capLink'] }).getAttribute('href');
    const capResponse = await fetch(`${platform.url}${cap}`);
    expect(capResponse.status).toBe(200);
    expect(await capResponse.text()).toContain('<msgType>Alert</msgType>');
    expect(await page.getByRole('link', { name: zh['public.feed'] }).first().getAttribute('href')).toBe('/v1/public/warnings.cap');
    await card.getByRole('link', { name: '朝阳区暴雨黄色预警' }).click();
    await settled(page, '朝阳区暴雨黄色预警');
    await expectAccessible(page, 'public-warning');
    await screenshots(page, 'public-warning');
    expect(await page.locator('svg.map polygon.warn-3').count()).toBe(1);
    expect(h.pageErrors).toEqual([]);
  });
});
