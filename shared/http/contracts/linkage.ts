// API contract of information reporting and linkage (Art 17, 61, 64): an office's inbox of notices reported up to it
// or notified to it by a neighbour, acknowledging one, and the sender's delivery receipts per incident. Views.
import * as z from 'zod/mini';
import { CATEGORIES } from '../../domain/categories.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { NOTICE_KINDS, NOTICE_STATUSES } from '../../domain/notice.ts';
import { meta } from '../../schema.ts';
import { divisionCode, id, isoDateTime, pageOf, pageOnlyQuery, pageQuery } from './common.ts';
import { defineRoutes, office, officeOrAuditor, once } from './routing.ts';

export const inboxQuery = z.lazy(() =>
  z.strictObject({
    /** Your own division unless told: an office also follows the inboxes of the divisions below it. */
    division: z.optional(divisionCode),
    status: z.optional(z.enum(NOTICE_STATUSES)),
    ...pageQuery(),
  }),
);

export const noticeIdParams = z.lazy(() => z.strictObject({ noticeId: id }));
/** As in incidents.ts, restated so that the incidents contract can import the notice view without a cycle. */
const incidentIdParams = z.lazy(() => z.strictObject({ incidentId: id }));

/** A notice, exactly as the linkage function answers it (strict: a field the view adds or drops fails the contract test). */
export const noticeView = z.lazy(once(() => {
  const party = z.strictObject({ division: divisionCode, level: z.enum(GOV_LEVELS) });
  return z.strictObject({
    noticeId: id,
    kind: z.enum(NOTICE_KINDS),
    relation: z.enum(['superior', 'neighbour']),
    from: party,
    to: party,
    incidentId: id,
    category: z.enum(CATEGORIES),
    exercise: z.optional(z.literal(true)),
    title: z.string(),
    level: z.nullable(z.string()),
    summary: z.string(),
    warningId: z.optional(id),
    updateSeq: z.optional(z.number().check(z.int())),
    sentAt: isoDateTime,
    dueAt: isoDateTime,
    status: z.enum(NOTICE_STATUSES),
    /** Past due without an acknowledgement, or acknowledged late. */
    overdue: z.boolean(),
    flaggedOverdueAt: z.optional(isoDateTime),
    /** The delivery receipt: which office acknowledged, when, and whether after the deadline. */
    acknowledgement: z.optional(z.strictObject({ at: isoDateTime, by: party, late: z.boolean() })),
  });
})).register(z.globalRegistry, { id: 'Notice' });
export const noticePage = z.lazy(() => meta(pageOf(noticeView), { id: 'NoticePage' }));

export const linkageRoutes = defineRoutes({
  listInbox: {
    method: 'GET', path: '/v1/inbox', fn: 'linkage', auth: office, summary: 'Notices addressed to your division (reported up to it or notified by a neighbour)',
    query: inboxQuery, response: { status: 200, schema: noticePage },
  },
  acknowledgeNotice: {
    method: 'POST', path: '/v1/inbox/{noticeId}/acknowledge', fn: 'linkage', auth: office, summary: 'Acknowledge a notice addressed to your division',
    params: noticeIdParams, response: { status: 200, schema: noticeView },
  },
  incidentNotices: {
    method: 'GET', path: '/v1/incidents/{incidentId}/notices', fn: 'linkage', auth: officeOrAuditor,
    summary: "An incident's notices with their delivery receipts (who acknowledged, when)", params: incidentIdParams, query: pageOnlyQuery,
    response: { status: 200, schema: noticePage },
  },
});
