// What owners and offices both read of a requisition: its items, when it comes back, and the documents a claim needs.
import type { Requisition } from '../../api/types.ts';
import { formatDate, formatDateTime, formatMoney, formatNumber, label, language, t } from '../../i18n/index.ts';
import { useStore } from '../../store.ts';
import { Table } from '../../ui/Table.tsx';

export const itemsText = (r: Requisition) => r.items.map((i) => `${i.name} × ${formatNumber(i.quantity)} ${i.unit}`).join('; ');

export function RequisitionItems({ r }: { r: Requisition }) {
  return (
    <Table
      caption={t('requisition.items')}
      rows={r.items.map((i, n) => ({ ...i, n }))}
      rowKey={(i) => String(i.n)}
      columns={[
        { header: t('requisition.itemName'), cell: (i) => `${i.name}${i.model ? ` (${i.model})` : ''}` },
        { header: t('requisition.itemCategory'), cell: (i) => label('itemCategory', i.category) },
        { header: t('requisition.quantity'), cell: (i) => `${formatNumber(i.quantity)} ${i.unit}`, numeric: true },
        { header: t('requisition.value'), cell: (i) => formatMoney(i.valueFen), numeric: true },
        { header: t('requisition.conditionBefore'), cell: (i) => i.conditionBefore },
      ]}
    />
  );
}

/** The documents a claim needs, as the API listed them at the return (rule 13), in the chosen language. */
export function DocumentsNeeded({ r }: { r: Requisition }) {
  const { lang } = useStore(language);
  const docs = r.compensationCase?.documents ?? [];
  if (docs.length === 0) return null;
  return (
    <>
      <h3>{t('requisition.documentsNeeded')}</h3>
      <p class="small muted">{t('requisition.documentsGivenAt', { at: formatDateTime(r.compensationCase!.documentsGivenAt) })}</p>
      <ul>
        {docs.map((d) => (
          <li key={d.kind}>
            {lang === 'en' ? d.en : d['zh-CN']}
            {d.when && <span class="muted"> ({lang === 'en' ? d.when.en : d.when['zh-CN']})</span>}
          </li>
        ))}
      </ul>
    </>
  );
}

export function returnText(r: Requisition): string {
  if (r.returned) return t('requisition.returnedText', { outcome: label('outcome', r.returned.outcome), at: formatDateTime(r.returned.at) });
  if (r.returnDeadline) return t('requisition.returnBy', { date: formatDate(r.returnDeadline.dueDate) });
  return t('requisition.returnWhenDone');
}
