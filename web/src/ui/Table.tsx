// Tables of the design system: a caption, header cells with scope, and a wrapper that scrolls sideways on a phone
// (focusable, so a keyboard can scroll it too).
import type { ComponentChild } from 'preact';

export interface Column<T> {
  header: string;
  cell(row: T): ComponentChild;
  /** Numbers align right. */
  numeric?: boolean;
}

export function Table<T>({ caption, columns, rows, rowKey }: { caption: string; columns: Column<T>[]; rows: T[]; rowKey(row: T): string }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.header} class={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c) => (
                <td key={c.header} class={c.numeric ? 'num' : undefined}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Label-value pairs (a record's facts). */
export function Facts({ items }: { items: [string, ComponentChild][] }) {
  return (
    <dl class="facts">
      {items.map(([k, v]) => (
        <div class="fact" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
