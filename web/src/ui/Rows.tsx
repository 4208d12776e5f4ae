// Repeated groups of fields in a form (the items of a requisition, the heads of a claim, hours per person): each row's
// fields are named `<list>.<n>.<field>`, which is where the API's errors point (`body.items.1.quantity`), so an error
// lands beside the field of that row. Rows are added at the end and the last one removed.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import type { FormApi, Values } from './form.ts';
export { blankRows, readRows } from './rows.ts';
import { Button } from './Button.tsx';

export interface RowsApi {
  count: number;
  add(): void;
  remove(): void;
}

/** Row state for `list`, whose rows have the fields of `blank` (their values when added). */
export function useRows(form: FormApi<Values>, list: string, blank: Record<string, string>, initial = 1): RowsApi {
  const [count, setCount] = useState(initial);
  return {
    count,
    add() {
      // Every field of the new row exists in the form's values, so an error the API names for it lands beside it.
      for (const [field, value] of Object.entries(blank)) form.set(`${list}.${count}.${field}`, value);
      setCount(count + 1);
    },
    remove() {
      if (count > 0) setCount(count - 1);
    },
  };
}

export function RowGroups({ rows, legend, min = 1, max = 50, children }: { rows: RowsApi; legend(n: number): string; min?: number; max?: number; children(n: number): ComponentChildren }) {
  return (
    <>
      {Array.from({ length: rows.count }, (_, n) => (
        <fieldset class="field-group" key={n}>
          <legend>{legend(n)}</legend>
          <div class="field-grid">{children(n)}</div>
        </fieldset>
      ))}
      <p class="button-row">
        {rows.count < max && <Button onClick={rows.add}>{t('rows.add')}</Button>}
        {rows.count > min && <Button onClick={rows.remove}>{t('rows.removeLast')}</Button>}
      </p>
    </>
  );
}
