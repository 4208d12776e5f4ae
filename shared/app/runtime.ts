// What every use case of a process shares: the clock (tests move it), the table and the repositories, made once.
import { systemClock, type Clock } from '../clock.ts';
import { tableConfig } from '../config.ts';
import { documentClient, tableName } from '../store/client.ts';
import { tableIdempotency } from '../store/idempotency.ts';
import { IncidentRepository } from '../store/incidents.ts';
import { PlanRepository } from '../store/plans.ts';
import { WarningRepository } from '../store/warnings.ts';

export const runtime: { clock: Clock } = { clock: systemClock };

/** The Idempotency-Key runner of every function with creating POSTs: records stamped and judged on the shared clock. */
export const idempotency = tableIdempotency(documentClient, tableName, () => runtime.clock.now());

let repos: { plans: PlanRepository; incidents: IncidentRepository; warnings: WarningRepository } | undefined;

export function repositories() {
  if (!repos) {
    const db = documentClient();
    const table = tableConfig().TABLE_NAME;
    repos = { plans: new PlanRepository(db, table), incidents: new IncidentRepository(db, table), warnings: new WarningRepository(db, table) };
  }
  return repos;
}
