// The purposes personal information is collected for (rule 16). Each has its own data key per incident, so one
// purpose's data can be destroyed (rule 17) while another's is kept under a retention assessment. Add new ones here.
import * as z from 'zod/mini';

// `notice`: a phone copied, sealed under its own key, for the one notice a person gets after the response (PIPL Art 18),
// so that the notice still goes out when the purpose it was collected for is destroyed in the same run.
export const PURPOSES = ['requisition', 'compensation', 'volunteer', 'report', 'subscription', 'notice'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const purposeSchema = z.lazy(() => z.enum(PURPOSES));

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}
