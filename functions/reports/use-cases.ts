// Use cases of the reports function (rule 25; Art 7, 73(8), Price Law Art 14). Anyone reports without a token: limited
// per source, the contact (if given) sealed at once under purpose `report`, the answer a report id and a secret
// follow-up code stored only as a hash. The reporter is never recorded as anyone: the audit item of a report names an
// anonymous caller whose source is withheld, and no view, list, alert or release has a field for who reported.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { readableIncident } from '../../shared/app/incident-access.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { readConfig } from '../../shared/config.ts';
import { asGovernment, inJurisdiction, type Anonymous } from '../../shared/domain/actor.ts';
import {
  ANONYMOUS_REPORT_LIMIT,
  checkReportTransition,
  ownReportScope,
  receiveReport,
  reportStatusView,
  reportWindow,
  transitionReport as transition,
  type ReporterContact,
  type ReportTransition,
} from '../../shared/domain/citizen-report.ts';
import { ConcurrentModification, NotFound, NotInJurisdiction, PiiDestroyed, RuleViolation, TooManyRequests } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import type { reportRoutes as routes } from '../../shared/http/contracts/reports.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';
import { piiVault, type PlainFields } from '../../shared/pii/vault.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { ReportRepository, type StoredReport } from '../../shared/store/reports.ts';
import { sealedReceipt } from './idempotency.ts';
import { reportView } from './views.ts';

type R = typeof routes;

const config = readConfig({
  /** Reports one source may make per window (ANONYMOUS_REPORT_LIMIT.windowSeconds); the WAF rule on AWS has the same. */
  REPORTS_PER_SOURCE: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10_000)), ANONYMOUS_REPORT_LIMIT.perWindow),
});

let repo: ReportRepository | undefined;
const reports = () => (repo ??= new ReportRepository(documentClient(), tableName()));

/** Writes of the per-source counter racing another report of the same source: tries before giving up with a 409. */
const RATE_ATTEMPTS = 4;
/** How long a counter outlives its window before TTL deletes it (DynamoDB deletes expired items within days anyway). */
const COUNTER_KEPT_SECONDS = 86_400;
/** 144 random bits, 24 base64url characters. */
const CODE_BYTES = 18;

/** The follow-up code's hash, bound to its report: a hash read from the table proves nothing about another report. */
function codeHash(reportId: string, code: string): string {
  return createHash('sha256').update(`report-follow-up/v1:${reportId}:${code}`).digest('base64url');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Seals under purpose `report` (rule 16): with the incident the report names, so the incident's data destruction takes
 * it too (rule 17); a report of no incident, or of one whose report data was destroyed already, gets a data key of its own.
 */
async function inReportScope<T>(reportId: string, incidentId: string | undefined, seal: (scope: string) => Promise<T>): Promise<T> {
  try {
    return await seal(incidentId ?? ownReportScope(reportId));
  } catch (err) {
    if (!(err instanceof PiiDestroyed) || incidentId === undefined) throw err;
    return seal(ownReportScope(reportId));
  }
}

async function sealContact(reportId: string, incidentId: string | undefined, c: { name?: string | undefined; phone?: string | undefined; email?: string | undefined }): Promise<ReporterContact<SealedField>> {
  const fields: PlainFields<'contact.name' | 'contact.phone' | 'contact.email'> = {
    'contact.name': c.name !== undefined ? { value: c.name, kind: 'name' } : undefined,
    'contact.phone': c.phone !== undefined ? { value: c.phone, kind: 'phone' } : undefined,
    'contact.email': c.email !== undefined ? { value: c.email, kind: 'email' } : undefined,
  };
  const sealed = await inReportScope(reportId, incidentId, (scope) =>
    piiVault().sealAll(fields, { recordKey: ReportRepository.recordKey(reportId), incidentId: scope, purpose: 'report' }),
  );
  return {
    ...(sealed['contact.name'] ? { name: sealed['contact.name'] } : {}),
    ...(sealed['contact.phone'] ? { phone: sealed['contact.phone'] } : {}),
    ...(sealed['contact.email'] ? { email: sealed['contact.email'] } : {}),
  };
}

function tooMany(now: Date): TooManyRequests {
  return new TooManyRequests(
    `At most ${config.REPORTS_PER_SOURCE} reports from one source every ${ANONYMOUS_REPORT_LIMIT.windowSeconds / 60} minutes; try again later.`,
    reportWindow(now).secondsLeft,
  );
}

export const createReport: UseCase<R['createReport']> = async (req) => {
  const b = req.body;
  const now = runtime.clock.now();
  const { windowStart } = reportWindow(now);
  const source = req.actor.source;
  // The limit first: a flood costs one read each, no data key and no write.
  let seen = await reports().rateCount(source, windowStart);
  if (seen >= config.REPORTS_PER_SOURCE) throw tooMany(now);
  if (b.incidentId !== undefined && !(await repositories().incidents.get(b.incidentId))) {
    throw new RuleViolation('unknown-incident', `No incident ${b.incidentId}.`, [{ path: 'body.incidentId', message: 'no such incident' }]);
  }
  const reportId = randomUUID();
  const code = randomBytes(CODE_BYTES).toString('base64url');
  const contact = b.contact ? await sealContact(reportId, b.incidentId, b.contact) : undefined;
  const draft = {
    kind: b.kind,
    divisionCode: b.divisionCode,
    ...(b.location ? { location: { lat: b.location.lat, lng: b.location.lng, ...(b.location.address ? { address: b.location.address } : {}) } } : {}),
    description: b.description,
    evidence: b.evidence,
    ...(b.incidentId !== undefined ? { incidentId: b.incidentId } : {}),
  };
  const change = receiveReport(reportId, draft, contact, codeHash(reportId, code), now);
  // Rule 25: the audit names an anonymous caller, not which one (the per-source counter keeps the source, for a while).
  const withheld: Anonymous = { kind: 'anonymous', channel: req.actor.channel, source: 'withheld' };
  const receipt = { reportId, status: 'received' as const, followUpCode: code, receivedAt: change.report.receivedAt };
  const result = send(201, receipt);
  // Under an Idempotency-Key the record keeps the receipt with its code sealed (in the contact's scope when one was
  // given), never the answer as sent: functions/reports/idempotency.ts opens it for a replay.
  const idem = req.idempotency;
  const sealedAt = contact?.name ?? contact?.phone ?? contact?.email;
  const kept = idem && {
    request: idem,
    response: {
      statusCode: result.status,
      body: await (sealedAt ? sealedReceipt(idem, sealedAt.incidentId, receipt) : inReportScope(reportId, b.incidentId, (scope) => sealedReceipt(idem, scope, receipt))),
    },
  };
  for (let attempt = 1; ; attempt++) {
    const uow = openUnitOfWork({ actor: withheld, requestId: req.requestId }, now);
    reports().stage(uow, change, undefined, { source, windowStart, seen, expiresAt: windowStart + ANONYMOUS_REPORT_LIMIT.windowSeconds + COUNTER_KEPT_SECONDS });
    try {
      if (!kept) return await commit(uow, req, result);
      await uow.commit(documentClient(), { idempotency: kept });
      return result;
    } catch (err) {
      // Another report of the same source took the count we read: read it again, and refuse if that was the last place.
      if (!(err instanceof ConcurrentModification) || attempt >= RATE_ATTEMPTS) throw err;
      seen = await reports().rateCount(source, windowStart);
      if (seen >= config.REPORTS_PER_SOURCE) throw tooMany(now);
    }
  }
};

/** The reporter's view: status only. A wrong code and a missing report are the same 404, so codes cannot be probed. */
export const reportStatus: UseCase<R['reportStatus']> = async (req) => {
  const report = await reports().get(req.params.reportId);
  if (!report || !sameHash(report.followUpCodeHash, codeHash(report.reportId, req.query.code))) throw new NotFound(`No report ${req.params.reportId} with this code.`);
  const result = send(200, reportStatusView(report));
  // The address carries the code: no cache may keep the answer.
  result.headers = { 'Cache-Control': 'no-store' };
  return result;
};

export const listReports: UseCase<R['listReports']> = async (req) => {
  const gov = asGovernment(req.actor);
  const division = req.query.division ?? gov.division;
  if (!inJurisdiction(gov, division)) throw new NotInJurisdiction(`The reports of ${division} are neither yours nor below yours.`);
  const page = await reports().list({ division, status: req.query.status, kind: req.query.kind, limit: req.query.limit, cursor: req.query.cursor });
  return send(200, { items: page.items.map(reportView), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

/** A report is handled by the office of its division or one above it; to anyone else it does not exist. */
async function handledReport(gov: Parameters<typeof inJurisdiction>[0], reportId: string): Promise<StoredReport> {
  const report = await reports().get(reportId);
  if (!report || !inJurisdiction(gov, report.divisionCode)) throw new NotFound(`No report ${reportId}.`);
  return report;
}

export const transitionReport: UseCase<R['transitionReport']> = async (req) => {
  const gov = asGovernment(req.actor);
  const report = await handledReport(gov, req.params.reportId);
  checkIfMatch(req, report.rev);
  const b = req.body;
  checkReportTransition(report, b.action, gov);
  let t: ReportTransition;
  let incident;
  if (b.action === 'publish-rebuttal') {
    // Art 7: a rebuttal is a release about an emergency; it is linked to the incident the rumour is about.
    const incidentId = b.incidentId ?? report.incidentId;
    if (incidentId === undefined) {
      throw new RuleViolation('rebuttal-needs-incident', 'Name the incident the rumour is about: a rebuttal is released for an incident.', [{ path: 'body.incidentId', message: 'required' }]);
    }
    incident = await readableIncident(gov, incidentId).catch((err: unknown) => {
      if (err instanceof NotFound) throw new RuleViolation('unknown-incident', `No incident ${incidentId} you can read.`, [{ path: 'body.incidentId', message: 'no such incident' }]);
      throw err;
    });
    t = {
      action: 'publish-rebuttal',
      releaseId: randomUUID(),
      incident: { incidentId: incident.incidentId, category: incident.category, ...(incident.exercise ? { exercise: true as const } : {}) },
      title: b.title,
      body: b.body,
    };
  } else if (b.action === 'reward') {
    t = { action: 'reward', reason: b.reason, ...(b.amountFen !== undefined ? { amountFen: b.amountFen } : {}) };
  } else {
    t = b;
  }
  const now = runtime.clock.now();
  const change = transition(report, t, gov, now);
  const uow = openUnitOfWork(req, now);
  reports().stage(uow, change, report);
  if (change.release && incident) repositories().incidents.stageRelease(uow, incident, change.release);
  return commit(uow, req, send(200, reportView(change.report), change.report.rev));
};
