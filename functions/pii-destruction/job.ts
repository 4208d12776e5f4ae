// The pii-destruction job as the jobs table runs it (Lambda, local host, npm run invoke): the settings, the process's
// vault and the working calendar the remedy windows count on.
import * as z from 'zod/mini';
import { compensationSettings } from '../../shared/app/compensation-settings.ts';
import { readConfig } from '../../shared/config.ts';
import type { JobRun } from '../../shared/jobs.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import { runPiiDestruction } from './destruction.ts';

export const piiDestructionSettings = {
  /** Days after a response ends before what no assessment keeps is destroyed (rule 17); 0: at the first run after it. */
  PII_DESTRUCTION_GRACE_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(365)), 0),
};

export const run: JobRun = async (ctx) => {
  const { PII_DESTRUCTION_GRACE_DAYS } = readConfig(piiDestructionSettings);
  return { ...(await runPiiDestruction({ ...ctx, vault: piiVault(), graceDays: PII_DESTRUCTION_GRACE_DAYS, calendar: compensationSettings().calendar })) };
};
