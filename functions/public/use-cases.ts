// Public disclosure, no token: releases and active warnings as JSON, CAP 1.2 and an Atom feed of CAP alerts.
// Nothing here shows personal data or internal notes: views are built from an allow-list of fields. Links come from
// configuration (PUBLIC_BASE_URL), never from request headers; every document is bounded in size, whatever the
// warnings hold, so none approaches Lambda's 6 MB response limit.
import { publicRoutes as routes } from '../../shared/http/contracts/public.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { ATOM_CONTENT_TYPE, CAP_CONTENT_TYPE, renderAtomFeed, renderCapAlert, type CapOptions } from '../../shared/alerts/cap.ts';
import { within } from '../../shared/domain/division.ts';
import type { Warning } from '../../shared/domain/warning.ts';
import { NotFound } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { publicBaseUrl, readConfig, tableSettings } from '../../shared/config.ts';
import * as z from 'zod/mini';

type R = typeof routes;

const config = readConfig({
  ...tableSettings,
  /** CAP <sender>: the alerting authority's domain. */
  CAP_SENDER: z._default(z.string().check(z.regex(/^[^\s,<&]+$/)), 'alerts.emergency.example'),
  CAP_SENDER_NAME_ZH: z._default(z.string(), '应急管理部门'),
  CAP_SENDER_NAME_EN: z._default(z.string(), 'Emergency management office'),
});
const baseUrl = publicBaseUrl();

const capUrl = (warningId: string) => `${baseUrl}${linkTo(routes.publicWarningCap, { warningFile: `${warningId}.cap` })}`;
const capOptions: CapOptions = {
  sender: config.CAP_SENDER,
  senderName: { 'zh-CN': config.CAP_SENDER_NAME_ZH, en: config.CAP_SENDER_NAME_EN },
  web: capUrl,
};

/** A JSON page stops adding items past this many bytes (it always holds one); the rest follow by cursor. */
export const PAGE_MAX_BYTES = 1024 * 1024;
/** The feed holds the newest entries up to these bounds; the complete list is paged at /v1/public/warnings. */
export const FEED_MAX_ENTRIES = 200;
export const FEED_MAX_BYTES = 4 * 1024 * 1024;
/** Active warnings read for the feed (newest issued first); more than the feed holds, so late updates still sort in. */
const FEED_READ_ACTIVE = 500;

/**
 * The items of a page that fit PAGE_MAX_BYTES, and the cursor to go on with: the query's own when all fitted, else one
 * just after the last item looked at. `keep` drops items (a division filter) without ending the page.
 */
function bounded<T, V>(page: { items: T[]; cursor?: string }, keep: (t: T) => boolean, view: (t: T) => V, cursorAfter: (t: T) => string) {
  const items: V[] = [];
  let bytes = 0;
  for (let i = 0; i < page.items.length; i++) {
    const item = page.items[i]!;
    if (!keep(item)) continue;
    const v = view(item);
    const size = Buffer.byteLength(JSON.stringify(v)) + 1;
    if (items.length > 0 && bytes + size > PAGE_MAX_BYTES) return { items, cursor: cursorAfter(page.items[i - 1]!) };
    items.push(v);
    bytes += size;
  }
  return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
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
    // What the public should do. The Art 66/67 checklist is the government's own duty list: the office view has it.
    measures: w.measures,
    issuer: { division: w.issuer.division, level: w.issuer.level },
    issuedAt: w.issuedAt,
    status: w.status,
    updatedAt: w.updatedAt,
    cap: linkTo(routes.publicWarningCap, { warningFile: `${w.warningId}.cap` }),
  };
}

const inArea = (w: Warning, division: string | undefined) => !w.exercise && (division === undefined || w.area.divisions.some((d) => within(d, division) || within(division, d)));

export const publicReleases: UseCase<R['publicReleases']> = async (req) => {
  const { incidents } = repositories();
  const page = await incidents.publicReleases(req.query.limit, req.query.cursor);
  const body = bounded(
    page,
    // Exercise releases are never indexed as public; the check stands should one ever be.
    (r) => !r.exercise && (req.query.division === undefined || within(r.divisionCode, req.query.division)),
    (r) => ({
      releaseId: r.releaseId,
      incidentId: r.incidentId,
      divisionCode: r.divisionCode,
      category: r.category,
      title: r.title,
      body: r.body,
      publishedAt: r.publishedAt,
      // A rebuttal names the report it answers, never who made it (rule 25).
      ...(r.releaseKind === 'rebuttal' ? { kind: 'rebuttal' as const, ...(r.reportId ? { reportId: r.reportId } : {}) } : {}),
    }),
    (r) => incidents.releaseCursorAfter(r),
  );
  return send(200, body);
};

export const publicWarnings: UseCase<R['publicWarnings']> = async (req) => {
  const { warnings } = repositories();
  const page = await warnings.active(req.query.limit, req.query.cursor);
  return send(200, bounded(page, (w) => inArea(w, req.query.division), publicWarning, (w) => warnings.activeCursorAfter(w)));
};

/** Feed readers must see a Cancel: a lifted warning stays in the feed this long. */
const LIFTED_IN_FEED_MS = 24 * 3600_000;

/**
 * The active warnings and those lifted in the last day, newest change first, each as its latest CAP message (Alert,
 * Update or Cancel), up to FEED_MAX_ENTRIES and FEED_MAX_BYTES.
 */
export const publicWarningsFeed: UseCase<R['publicWarningsFeed']> = async () => {
  const { warnings } = repositories();
  const entries: Warning[] = [];
  let cursor: string | undefined;
  do {
    const page = await warnings.active(100, cursor);
    entries.push(...page.items.filter((w) => !w.exercise));
    cursor = page.cursor;
  } while (cursor && entries.length < FEED_READ_ACTIVE);
  const now = runtime.clock.now();
  entries.push(...(await warnings.liftedSince(new Date(now.getTime() - LIFTED_IN_FEED_MS), now, FEED_MAX_ENTRIES)).filter((w) => !w.exercise));
  entries.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  // The newest change among the entries; an empty feed was last updated now (Atom requires the element).
  const updated = entries.reduce<string | undefined>((max, w) => (max === undefined || w.updatedAt > max ? w.updatedAt : max), undefined) ?? now.toISOString();
  const xml = renderAtomFeed(entries, {
    ...capOptions,
    selfUrl: `${baseUrl}${linkTo(routes.publicWarningsFeed, {})}`,
    capUrl,
    updated,
    maxEntries: FEED_MAX_ENTRIES,
    maxBytes: FEED_MAX_BYTES,
    listUrl: `${baseUrl}${linkTo(routes.publicWarnings, {})}`,
  });
  return { status: 200, body: xml, contentType: ATOM_CONTENT_TYPE };
};

/** A warning's latest CAP message: Alert, Update after an adjustment, Cancel once lifted. */
export const publicWarningCap: UseCase<R['publicWarningCap']> = async (req) => {
  const warningId = req.params.warningFile.slice(0, -'.cap'.length);
  const w = await repositories().warnings.get(warningId);
  // An exercise's warning is never public: its CAP document (status Exercise) is as absent as a warning that never was.
  if (!w || w.exercise) throw new NotFound(`No warning ${warningId}.`);
  return { status: 200, body: renderCapAlert(w, w.messages.length - 1, capOptions), contentType: CAP_CONTENT_TYPE };
};
