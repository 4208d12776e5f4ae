// API contract of personal data in the clear (rule 18): an office with jurisdiction over the record reveals one field,
// once, saying why; the reveal is written to the record's audit trail, never the value.
import { revealBody, revealedView } from '../../pii/reveal.ts';
import { defineRoutes, office } from './routing.ts';

export const piiRoutes = defineRoutes({
  revealPersonalData: {
    method: 'POST', path: '/v1/pii/reveal', fn: 'pii', auth: office,
    summary: 'The clear value of one personal field of a record, with the reason kept in its audit trail (rule 18); 410 pii-destroyed once its data key is gone',
    body: revealBody, response: { status: 200, schema: revealedView },
  },
});
