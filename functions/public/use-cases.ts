// Public disclosure, no token: releases and active warnings as JSON, CAP 1.2 and an Atom feed of CAP alerts.
// Nothing here shows personal data or internal notes: views are built from an allow-list of fields.
import type { publicRoutes as routes } from '../../shared/http/contracts/public.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { ATOM_CONTENT_TYPE, CAP_CONTENT_TYPE, renderAtomFeed, renderCapAlert, type CapOptions } from '../../shared/alerts/cap.ts';
import { within } from '../../shared/domain/division.ts';
import type { Warning } from '../../shared/domain/warning.ts';
import { NotFound } from '../../shared/errors.ts';
import { send, type ApiRequest, type UseCase } from '../../shared/http/api.ts';
import { readConfig, tableSettings } from '../../shared/config.ts';
import * as z from 'zod';

type R = typeof routes;

const config = readConfig({
  ...tableSettings,
  /** CAP <sender>: the alerting authority's domain. */
  CAP_SENDER: z.string().regex(/^[^\s,<&]+$/).default('alerts.emergency.example'),
  CAP_SENDER_NAME_ZH: z.string().default('应急管理部门'),
  CAP_SENDER_NAME_EN: z.string().default('Emergency management office'),
});

function capOptions(req: ApiRequest): CapOptions {
  return {
    sender: config.CAP_SENDER,
    senderName: { 'zh-CN': config.CAP_SENDER_NAME_ZH, en: config.CAP_SENDER_NAME_EN },
    web: (id) => `${req.baseUrl}/v1/public/warnings/${id}.cap`,
  };
}

/** The public face of a warning: the Art 64 fields, nothing about who pressed the button. */
export function publicWarning(w: Warning) {
  return {
    warningId: w.warningId,
    incidentId: w.incidentId,
    category: w.category,
    level: w.level,
    colour: w.colour,
    title: w.title,
    startsAt: w.startsAt,
    area: w.area,
    hazards: w.hazards,
    measures: w.measures,
    checklist: w.checklist,
    issuer: { division: w.issuer.division, level: w.issuer.level },
    issuedAt: w.issuedAt,
    status: w.status,
    updatedAt: w.updatedAt,
    cap: `/v1/public/warnings/${w.warningId}.cap`,
  };
}

const inArea = (w: Warning, division: string | undefined) => division === undefined || w.area.divisions.some((d) => within(d, division) || within(division, d));

export const publicReleases: UseCase<R['publicReleases']> = async (req) => {
  const page = await repositories().incidents.publicReleases(req.query.limit, req.query.cursor);
  const items = page.items
    .filter((r) => req.query.division === undefined || within(r.divisionCode, req.query.division))
    .map((r) => ({ releaseId: r.releaseId, incidentId: r.incidentId, divisionCode: r.divisionCode, category: r.category, title: r.title, body: r.body, publishedAt: r.publishedAt }));
  return send(200, { items, ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const publicWarnings: UseCase<R['publicWarnings']> = async (req) => {
  const page = await repositories().warnings.active(req.query.limit, req.query.cursor);
  const items = page.items.filter((w) => inArea(w, req.query.division)).map(publicWarning);
  return send(200, { items, ...(page.cursor ? { cursor: page.cursor } : {}) });
};

/** Feed readers must see a Cancel: a lifted warning stays in the feed this long. */
const LIFTED_IN_FEED_MS = 24 * 3600_000;

/** Every active warning, and those lifted in the last day, each as its latest CAP message (Alert, Update or Cancel). */
export const publicWarningsFeed: UseCase<R['publicWarningsFeed']> = async (req) => {
  const { warnings } = repositories();
  const entries: Warning[] = [];
  let cursor: string | undefined;
  do {
    const page = await warnings.active(100, cursor);
    entries.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const now = runtime.clock.now();
  entries.push(...(await warnings.liftedSince(new Date(now.getTime() - LIFTED_IN_FEED_MS), now)));
  entries.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  // The newest change among the entries; an empty feed was last updated now (Atom requires the element).
  const updated = entries.reduce<string | undefined>((max, w) => (max === undefined || w.updatedAt > max ? w.updatedAt : max), undefined) ?? now.toISOString();
  const xml = renderAtomFeed(entries, {
    ...capOptions(req),
    selfUrl: `${req.baseUrl}/v1/public/warnings.cap`,
    capUrl: (id) => `${req.baseUrl}/v1/public/warnings/${id}.cap`,
    updated,
  });
  return { status: 200, body: xml, contentType: ATOM_CONTENT_TYPE };
};

/** A warning's latest CAP message: Alert, Update after an adjustment, Cancel once lifted. */
export const publicWarningCap: UseCase<R['publicWarningCap']> = async (req) => {
  const warningId = req.params.warningFile.slice(0, -'.cap'.length);
  const w = await repositories().warnings.get(warningId);
  if (!w) throw new NotFound(`No warning ${warningId}.`);
  return { status: 200, body: renderCapAlert(w, w.messages.length - 1, capOptions(req)), contentType: CAP_CONTENT_TYPE };
};
