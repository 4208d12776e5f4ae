// The daily destruction of personal data after a response ends (rule 17, Art 85) and the notice to the people it was
// collected from (PIPL Art 18). For each incident whose clock is due (GSI1 PIIDUE): resume a destruction a stopped run
// left half done; tell each person on record once; plan from the registry, the data keys and the assessments
// (shared/domain/retention.ts); alert the office of what goes within seven days; then destroy: the destruction is
// recorded first, records are erased and keys shredded (each step idempotent), and its receipt is written in the same
// transaction that deletes the record of it, so a run stopped anywhere leaves exactly one receipt once resumed.
import { randomUUID } from 'node:crypto';
import { jobActor } from '../../shared/domain/actor.ts';
import { cstDate, type WorkingCalendar } from '../../shared/domain/calendar/working-days.ts';
import type { DomainEvent } from '../../shared/domain/change.ts';
import { isOwnReportScope, reportOfScope } from '../../shared/domain/citizen-report.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import { countByKind, destructionPlan, retainUntilOf, sameRecord, type PurposeData, type RecordRef, type RetentionAssessment } from '../../shared/domain/retention.ts';
import { ConcurrentModification, PiiDestroyed } from '../../shared/errors.ts';
import type { JobContext } from '../../shared/jobs.ts';
import { toE164Mobile } from '../../shared/pii/identifiers.ts';
import type { Purpose } from '../../shared/pii/purposes.ts';
import { isErased, isSealedField, type SealedField } from '../../shared/pii/sealed.ts';
import type { PiiVault } from '../../shared/pii/vault.ts';
import type { ReceiptFacts } from '../../shared/store/audit-log.ts';
import { IncidentRepository } from '../../shared/store/incidents.ts';
import { ReportRepository } from '../../shared/store/reports.ts';
import { PiiDestructionStore, PII_NOTICE_EVENT, type DestructionIntent, type NoticeContent, type PiiSchedule } from '../../shared/store/pii-destruction.ts';
import { contactPathsOf, eraseRecords, readRecord, registryOf, type RegistryEntry } from '../../shared/store/pii-registry.ts';
import { RetentionRepository } from '../../shared/store/retention.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';

export const JOB = 'pii-destruction';
export const SCHEDULED_EVENT = 'pii.destruction-scheduled';
/**
 * The notice copies of the phones wait this long after they were queued before their key is shredded: the relay reads
 * them from the table's stream, whose records live 24 hours, and erases each phone as soon as its SMS went out.
 */
export const NOTICE_KEY_DAYS = 2;
/** Record updates in flight at once (reads and the registry's marks go in batches). */
const ERASE_CONCURRENCY = 16;
/** A progress line per this many records erased. */
const PROGRESS_EVERY = 1000;

export interface DestructionCounts {
  incidents: number;
  resumed: number;
  notices: number;
  alerts: number;
  recordsErased: number;
  keysShredded: number;
  receipts: number;
}

export interface DestructionDeps extends JobContext {
  vault: PiiVault;
  graceDays: number;
  calendar: WorkingCalendar;
  /** Fault injection (tests): called once the data of a destruction is gone, before its receipt is written. */
  afterShred?: (intent: DestructionIntent) => void | Promise<void>;
}

/** An event of the alert: purposes, dates and counts, never a person. */
interface ScheduledEvent extends DomainEvent {
  type: typeof SCHEDULED_EVENT;
  incidentId: string;
  destructions: { purpose: Purpose; destroyOn: string; records: Record<string, number>; keyShredded: boolean }[];
}

interface NoticeEvent extends DomainEvent {
  type: typeof PII_NOTICE_EVENT;
  incidentId: string;
  noticeId: string;
}

const DAY_MS = 86_400_000;

async function inPool<T>(items: readonly T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function allEntries(d: DestructionDeps, scope: string, purpose?: Purpose): Promise<RegistryEntry[]> {
  const out: RegistryEntry[] = [];
  for await (const page of registryOf(d.db, d.table, scope, purpose)) out.push(...page);
  return out;
}

const refOf = (r: RecordRef) => `${r.PK}\u0000${r.SK}`;

interface IncidentState {
  purposes: PurposeData[];
  entries: Map<string, RegistryEntry>;
  assessments: RetentionAssessment[];
}

/** The registry, the data keys and the assessments of an incident, as they are now. */
async function stateOf(d: DestructionDeps, incidentId: string): Promise<IncidentState> {
  const [infos, entries, assessments] = await Promise.all([d.vault.keys.list(incidentId), allEntries(d, incidentId), new RetentionRepository(d.db, d.table).all(incidentId)]);
  const byPurpose = new Map<Purpose, PurposeData>();
  const of = (p: Purpose) => {
    let x = byPurpose.get(p);
    if (!x) byPurpose.set(p, (x = { purpose: p, keyActive: false, records: [] }));
    return x;
  };
  for (const k of infos) if (k.destroyedAt === undefined && k.dataKeyId !== undefined) of(k.purpose).keyActive = true;
  const map = new Map<string, RegistryEntry>();
  for (const e of entries) {
    map.set(`${e.purpose}\u0000${refOf(e.recordKey)}`, e);
    if (e.erasedAt === undefined) of(e.purpose).records.push({ record: e.recordKey, recordKind: e.recordKind });
  }
  return { purposes: [...byPurpose.values()], entries: map, assessments };
}

function planOf(d: DestructionDeps, schedule: PiiSchedule, state: IncidentState) {
  return destructionPlan({
    destructionFrom: schedule.destructionFrom,
    graceDays: d.graceDays,
    now: d.now,
    purposes: state.purposes,
    assessments: state.assessments,
    calendar: d.calendar,
    ...(schedule.noticesQueuedAt !== undefined ? { notBefore: { notice: new Date(Date.parse(schedule.noticesQueuedAt) + NOTICE_KEY_DAYS * DAY_MS).toISOString() } } : {}),
  });
}

const unitOfWork = (d: DestructionDeps) => new UnitOfWork(d.table, { actor: jobActor(JOB), requestId: d.runId, at: d.now.toISOString() });

/**
 * Carries out a recorded destruction, from the state as it is now (so a resumed one still spares what an assessment
 * recorded meanwhile covers), then writes its receipt and deletes the record of it, in one transaction.
 */
async function carryOut(d: DestructionDeps, schedule: PiiSchedule, intent: DestructionIntent, counts: DestructionCounts, read?: IncidentState): Promise<void> {
  const state = read ?? (await stateOf(d, intent.incidentId));
  const steps = planOf(d, schedule, state).due.filter((s) => intent.purposes.includes(s.purpose));
  for (const step of steps) {
    const entries = step.erase.map((r) => state.entries.get(`${step.purpose}\u0000${refOf(r.record)}`)!);
    for (let i = 0; i < entries.length; i += PROGRESS_EVERY) {
      const done = await eraseRecords(d.db, d.table, entries.slice(i, i + PROGRESS_EVERY), intent.destructionId, intent.at, ERASE_CONCURRENCY);
      counts.recordsErased += done.records;
      if (entries.length > PROGRESS_EVERY) d.progress(`pii-destruction erasing ${step.purpose} records of one incident`, { erased: i + done.records, of: entries.length });
    }
    if (step.shredKey) {
      const r = await d.vault.keys.destroy(intent.incidentId, step.purpose, new Date(intent.at));
      if (r.destroyedNow) counts.keysShredded += 1;
    }
  }
  await d.afterShred?.(intent);
  // The receipt counts what this destruction did, whichever run did it: the entries it marked and the keys it shredded.
  const erased = (await Promise.all(intent.purposes.map((p) => allEntries(d, intent.incidentId, p)))).flat().filter((e) => e.destructionId === intent.destructionId);
  const shredded = (await d.vault.keys.list(intent.incidentId)).filter((k) => intent.purposes.includes(k.purpose) && k.destroyedAt === intent.at);
  const purposes = intent.purposes.filter((p) => erased.some((e) => e.purpose === p) || shredded.some((k) => k.purpose === p));
  const receipt: ReceiptFacts | undefined =
    purposes.length === 0
      ? undefined
      : {
          destructionId: intent.destructionId,
          incidentId: intent.incidentId,
          purposes,
          keysShredded: shredded.map((k) => k.purpose),
          recordCounts: countByKind(erased.map((e) => ({ record: e.recordKey, recordKind: e.recordKind }))),
          keyIds: shredded.flatMap((k) => (k.dataKeyId !== undefined ? [k.dataKeyId] : [])),
          destroyedAt: intent.at,
        };
  const uow = unitOfWork(d);
  new PiiDestructionStore(d.db, d.table).stageEnd(uow, intent, jobActor(JOB), receipt);
  await uow.commit(d.db);
  if (receipt) counts.receipts += 1;
}

// ---- Notices (PIPL Art 18) ------------------------------------------------------------------------------------------

interface Person {
  phone: string;
  purposes: Map<Purpose, { fields: Set<string>; records: RecordRef[] }>;
}

/** The sealed field at a dotted path of an item, if there is one. */
function fieldAt(item: Record<string, unknown>, path: string): { sealed: SealedField; siblings: Record<string, unknown> } | undefined {
  const parts = path.split('.');
  let parent: unknown = item;
  for (const p of parts.slice(0, -1)) parent = typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[p] : undefined;
  if (typeof parent !== 'object' || parent === null) return undefined;
  const value = (parent as Record<string, unknown>)[parts.at(-1)!];
  return isSealedField(value) ? { sealed: value, siblings: parent as Record<string, unknown> } : undefined;
}

/** How long each purpose of a person's data is kept, as the notice says it: a date, or until their case is closed. */
function untilOf(d: DestructionDeps, schedule: PiiSchedule, assessments: RetentionAssessment[], purpose: Purpose, records: RecordRef[]): string | 'case-closed' {
  const statutory = assessments.some((a) => a.basis === 'statutory' && a.case?.records.some((c) => c.purpose === purpose && records.some((r) => sameRecord(r, c.record))));
  if (statutory) return 'case-closed';
  const from = cstDate(new Date(Date.parse(schedule.destructionFrom) + d.graceDays * DAY_MS));
  const kept = assessments
    .filter((a) => a.basis === 'recorded' && a.status === 'in-force' && a.purposes.includes(purpose))
    .map((a) => retainUntilOf(a, d.calendar))
    .filter((x): x is string => x !== null);
  return [from, ...kept].sort().at(-1)!;
}

/**
 * Each person whose mobile number is on record for the incident is told once: the job opens the numbers (the one read
 * in the clear it makes, audited), groups them by the number's blind index, and queues one notice per person through
 * the outbox, the number sealed under purpose `notice` on the notice itself; the outbox item names only the notice.
 */
async function queueNotices(d: DestructionDeps, incident: Incident, schedule: PiiSchedule, counts: DestructionCounts): Promise<void> {
  const store = new PiiDestructionStore(d.db, d.table);
  const entries = (await allEntries(d, incident.incidentId)).filter((e) => contactPathsOf(e).length > 0 && e.erasedAt === undefined && e.purpose !== 'notice');
  const people = new Map<string, Person>();
  let read = 0;
  await inPool(entries, 8, async (e) => {
    const item = await readRecord(d.db, d.table, e.recordKey);
    if (!item) return;
    // A record names one person (a requisition's owner) or several (a deployment's roster): one path each.
    for (const path of contactPathsOf(e)) {
      const at = fieldAt(item, path);
      if (!at || isErased(at.sealed)) continue;
      let phone: string;
      try {
        phone = await d.vault.open(at.sealed, { recordKey: e.recordKey.PK, field: path });
      } catch (err) {
        if (err instanceof PiiDestroyed) continue;
        throw err;
      }
      read += 1;
      const e164 = toE164Mobile(phone);
      if (e164 === undefined) continue; // a landline gets no SMS
      const index = await d.vault.blindIndex('phone', e164);
      const person = people.get(index) ?? { phone: e164, purposes: new Map() };
      people.set(index, person);
      const p = person.purposes.get(e.purpose) ?? { fields: new Set<string>(), records: [] };
      person.purposes.set(e.purpose, p);
      for (const [name, v] of Object.entries(at.siblings)) if (isSealedField(v)) p.fields.add(name);
      p.records.push(e.recordKey);
    }
  });
  const assessments = await new RetentionRepository(d.db, d.table).all(incident.incidentId);
  let queued = 0;
  for (const [index, person] of people) {
    if (await store.noticed(incident.incidentId, index)) continue;
    const noticeId = randomUUID();
    const content: NoticeContent = {
      incidentId: incident.incidentId,
      division: incident.divisionCode,
      purposes: [...person.purposes].map(([purpose, p]) => ({ purpose, fields: [...p.fields].sort(), until: untilOf(d, schedule, assessments, purpose, p.records) })),
    };
    const phone = await d.vault.seal(person.phone, { kind: 'phone', incidentId: incident.incidentId, purpose: 'notice', recordKey: PiiDestructionStore.noticeRecordKey(noticeId), field: 'phone' });
    const uow = unitOfWork(d);
    store.stageNotice(uow, { ...content, noticeId, phone, createdAt: d.now.toISOString() }, index);
    const event: NoticeEvent = { type: PII_NOTICE_EVENT, division: incident.divisionCode, category: incident.category, level: 'none', incidentId: incident.incidentId, noticeId };
    uow.announce(event);
    try {
      await uow.commit(d.db);
      queued += 1;
    } catch (err) {
      if (!(err instanceof ConcurrentModification)) throw err; // told by a run racing this one
    }
  }
  if (read > 0) {
    // Rule 18: the job read numbers in the clear; the trail says so, with how many and why (never which).
    const uow = unitOfWork(d);
    store.stageNoticesAudit(uow, incident, queued, read);
    await uow.commit(d.db);
  }
  counts.notices += queued;
}

// ---- Alerts ---------------------------------------------------------------------------------------------------------

async function alertOffice(d: DestructionDeps, incident: Incident, scheduled: ReturnType<typeof destructionPlan>['scheduled'], counts: DestructionCounts): Promise<void> {
  const today = cstDate(d.now);
  const upcoming = scheduled.filter((s) => s.purpose !== 'notice' && s.destroyOn > today);
  if (upcoming.length === 0) return;
  const store = new PiiDestructionStore(d.db, d.table);
  const sent = await store.alerted(incident.incidentId, upcoming);
  const fresh = upcoming.filter((u) => !sent.has(`${u.destroyOn}#${u.purpose}`));
  if (fresh.length === 0) return;
  const uow = unitOfWork(d);
  store.stageAlerted(uow, incident.incidentId, fresh);
  const event: ScheduledEvent = {
    type: SCHEDULED_EVENT,
    division: incident.divisionCode,
    category: incident.category,
    level: 'none',
    ...(incident.exercise ? { attributes: { exercise: 'true' } } : {}),
    incidentId: incident.incidentId,
    destructions: fresh.map((f) => ({ purpose: f.purpose, destroyOn: f.destroyOn, records: f.records, keyShredded: f.shredKey })),
  };
  uow.announce(event);
  try {
    await uow.commit(d.db);
    counts.alerts += 1;
  } catch (err) {
    if (!(err instanceof ConcurrentModification)) throw err;
  }
}

// ---- The run --------------------------------------------------------------------------------------------------------

/**
 * What a clock's scope is: an incident whose response ended, or a report whose contact no incident holds (its own
 * scope, clocked from its last step: shared/domain/citizen-report.ts). Undefined when the record is gone.
 */
async function subjectOf(d: DestructionDeps, scope: string): Promise<{ division: string; incident?: Incident } | undefined> {
  if (isOwnReportScope(scope)) {
    const report = await new ReportRepository(d.db, d.table).get(reportOfScope(scope));
    return report && { division: report.divisionCode };
  }
  const incident = await new IncidentRepository(d.db, d.table).get(scope);
  return incident && { division: incident.divisionCode, incident };
}

async function processIncident(d: DestructionDeps, schedule: PiiSchedule, counts: DestructionCounts): Promise<void> {
  const store = new PiiDestructionStore(d.db, d.table);
  const now = d.now.toISOString();
  const subject = await subjectOf(d, schedule.incidentId);
  if (!subject) return store.reschedule(schedule.incidentId, undefined, now);
  const { incident } = subject;
  const pending = await store.intent(schedule.incidentId);
  if (pending) {
    counts.resumed += 1;
    await carryOut(d, schedule, pending, counts);
  }
  if (schedule.noticesQueuedAt === undefined) {
    // A reporter gave their contact knowingly, outside any response: PIPL Art 18's notice is for those who could not be told.
    if (incident) await queueNotices(d, incident, schedule, counts);
    await store.markNoticesQueued(schedule.incidentId, now);
    schedule = { ...schedule, noticesQueuedAt: now };
  }
  const state = await stateOf(d, schedule.incidentId);
  const plan = planOf(d, schedule, state);
  // The office is alerted so it can assess in time; no assessment keeps a report's own contact, so there is nothing to warn of.
  if (incident) await alertOffice(d, incident, plan.scheduled, counts);
  if (plan.due.length > 0) {
    const intent: DestructionIntent = { destructionId: randomUUID(), incidentId: schedule.incidentId, division: subject.division, at: now, purposes: plan.due.map((s) => s.purpose), runId: d.runId };
    if (await store.begin(intent)) await carryOut(d, schedule, intent, counts, state);
  }
  await store.reschedule(schedule.incidentId, plan.nextCheckAt, now);
}

export async function runPiiDestruction(d: DestructionDeps): Promise<DestructionCounts> {
  const counts: DestructionCounts = { incidents: 0, resumed: 0, notices: 0, alerts: 0, recordsErased: 0, keysShredded: 0, receipts: 0 };
  const store = new PiiDestructionStore(d.db, d.table);
  for await (const page of store.due(d.now)) {
    for (const schedule of page) {
      counts.incidents += 1;
      await processIncident(d, schedule, counts);
      d.progress('pii-destruction progress', { ...counts });
    }
  }
  return counts;
}
