// Narrows a public list to one division (GB/T 2260 code) and what lies in or around it.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Button } from '../../ui/Button.tsx';

export function DivisionFilter({ value, onApply }: { value: string; onApply(division: string): void }) {
  const [text, setText] = useState(value);
  return (
    <form
      class="filter"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(text.trim());
      }}
    >
      <label for="division-filter">{t('filter.division')}</label>
      <input id="division-filter" inputMode="numeric" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} aria-describedby="division-filter-hint" />
      <span id="division-filter-hint" class="field-hint">
        {t('filter.divisionHint')}
      </span>
      <Button type="submit">{t('filter.apply')}</Button>
    </form>
  );
}
