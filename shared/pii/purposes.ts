// The purposes personal information is collected for (rule 16). Each has its own data key per incident, so one
// purpose's data can be destroyed (rule 17) while another's is kept under a retention assessment. Add new ones here.
import * as z from 'zod';

export const PURPOSES = ['requisition', 'compensation', 'volunteer', 'report', 'subscription'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const purposeSchema = z.enum(PURPOSES);

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}
