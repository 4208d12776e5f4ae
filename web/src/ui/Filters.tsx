// The filters above a list: labelled selects whose first choice is "any", each applied at once (the page's route
// carries them, so a filtered list can be bookmarked and the back button undoes a change).
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/index.ts';

export function Filters({ children }: { children: ComponentChildren }) {
  return (
    <form class="filter" onSubmit={(e) => e.preventDefault()}>
      {children}
    </form>
  );
}

export function FilterSelect({
  id,
  label,
  value,
  options,
  onChange,
  anyLabel,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange(value: string): void;
  /** The first choice, for no filter (default: "any"). */
  anyLabel?: string;
}) {
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">{anyLabel ?? t('filter.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}
