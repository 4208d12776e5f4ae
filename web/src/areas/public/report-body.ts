// The citizen report as the API takes it, from what was typed: optional parts only when something of them was typed, a
// malformed coordinate as NaN (null in JSON) so the API names that field. No I/O.
import type { Values } from '../../ui/form.ts';
import { readRows } from '../../ui/rows.ts';

const coordinate = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.trim()));

/** The API body from what was typed: optional parts only when something of them was typed. */
export function citizenReportBody(v: Values, evidenceRows: number) {
  const s = (k: string) => String(v[k] ?? '').trim();
  const where = [s('location.address'), s('location.lat'), s('location.lng')].some(Boolean);
  const contact = Object.fromEntries(
    [
      ['name', s('contact.name')],
      ['phone', s('contact.phone').replace(/[\s-]/g, '')],
      ['email', s('contact.email')],
    ].filter(([, x]) => x),
  );
  return {
    kind: s('kind'),
    divisionCode: s('divisionCode'),
    description: String(v['description'] ?? ''),
    ...(where ? { location: { lat: coordinate(s('location.lat')), lng: coordinate(s('location.lng')), ...(s('location.address') ? { address: s('location.address') } : {}) } } : {}),
    evidence: readRows(v, 'evidence', ['kind', 'reference'], evidenceRows)
      .filter((e) => e['reference']!.trim())
      .map((e) => ({ kind: e['kind'], reference: e['reference'] })),
    ...(s('incidentId') ? { incidentId: s('incidentId') } : {}),
    ...(Object.keys(contact).length ? { contact } : {}),
  };
}
