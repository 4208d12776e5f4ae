// Use cases of the linkage function (Art 17, 61, 64): an office's inbox, acknowledging a notice, and the delivery
// receipts of an incident's notices.
import { incidentWithRecords } from '../../shared/app/incident-access.ts';
import { noticeRepository } from '../../shared/app/linkage.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { asGovernment, inJurisdiction } from '../../shared/domain/actor.ts';
import { acknowledgeNotice as acknowledge } from '../../shared/domain/notice.ts';
import { NotFound, NotInJurisdiction } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import type { linkageRoutes as routes } from '../../shared/http/contracts/linkage.ts';
import { commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { noticeView } from './views.ts';

type R = typeof routes;

/** The notices addressed to a division: the caller's own, or one below it (a superior follows what its subordinates owe). */
export const listInbox: UseCase<R['listInbox']> = async (req) => {
  const gov = asGovernment(req.actor);
  const division = req.query.division ?? gov.division;
  if (!inJurisdiction(gov, division)) throw new NotInJurisdiction(`The inbox of ${division} is neither yours nor below yours.`);
  const page = await noticeRepository().inbox({ division, status: req.query.status, limit: req.query.limit, cursor: req.query.cursor });
  const now = runtime.clock.now();
  return send(200, { items: page.items.map((n) => noticeView(n, now)), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

/** Only the office a notice is addressed to acknowledges it; offices above see it, anyone else finds nothing. */
export const acknowledgeNotice: UseCase<R['acknowledgeNotice']> = async (req) => {
  const gov = asGovernment(req.actor);
  const notice = await noticeRepository().get(req.params.noticeId);
  if (!notice || !inJurisdiction(gov, notice.to.division)) throw new NotFound(`No notice ${req.params.noticeId} in your inbox.`);
  const now = runtime.clock.now();
  const change = acknowledge(notice, gov, now);
  const uow = openUnitOfWork(req, now);
  noticeRepository().stageChange(uow, change, notice);
  return commit(uow, req, send(200, noticeView(change.notice, now), change.notice.rev));
};

/** The sender's delivery receipts: for the incident's own division and those above it (the read-up policy's records). */
export const incidentNotices: UseCase<R['incidentNotices']> = async (req) => {
  const incident = await incidentWithRecords(req.actor, req.params.incidentId);
  const page = await noticeRepository().ofIncident(incident.incidentId, req.query.limit, req.query.cursor);
  const now = runtime.clock.now();
  return send(200, { items: page.items.map((n) => noticeView(n, now)), ...(page.cursor ? { cursor: page.cursor } : {}) });
};
