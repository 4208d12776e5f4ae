// Labelled fields: each input is named by its <label>, described by its hint and its error text (aria-describedby),
// marked aria-invalid while the API names it in an error, and keeps what was typed.
import type { ComponentChildren } from 'preact';
import { fieldId, useFormContext } from './form.ts';

interface Common {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

function useField(name: string, label: string, hint?: string) {
  const form = useFormContext();
  form.labels.set(name, label);
  const id = fieldId(form.id, name);
  const errors = form.errorsFor(name);
  const describedBy = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { form, id, errors, describedBy };
}

function Messages({ id, hint, errors }: { id: string; hint?: string | undefined; errors: { message: string }[] }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p id={`${id}-error`} class="field-error">
          {errors.map((e) => e.message).join('; ')}
        </p>
      )}
    </>
  );
}

/** The label, hint and error text around one control, and the attributes that tie the control to them. */
function useLabelled(name: string, label: string, hint: string | undefined, required: boolean | undefined) {
  const field = useField(name, label, hint);
  const { id, errors, describedBy } = field;
  const frame = (control: ComponentChildren) => (
    <div class={`field ${errors.length ? 'field-invalid' : ''}`}>
      <label for={id}>
        {label}
        {required && <span class="required" aria-hidden="true"> *</span>}
      </label>
      <Messages id={id} hint={hint} errors={errors} />
      {control}
    </div>
  );
  const control = {
    id,
    name,
    required,
    'aria-required': required ? ('true' as const) : undefined,
    'aria-invalid': errors.length ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    value: String(field.form.values[name] ?? ''),
  };
  return { form: field.form, frame, control };
}

export function TextField({ name, label, hint, required, type = 'text', inputMode, autoComplete, step }: Common & { type?: 'text' | 'email' | 'tel' | 'url' | 'datetime-local' | 'date'; inputMode?: 'numeric' | 'decimal' | 'text'; autoComplete?: string; step?: string }) {
  const { form, frame, control } = useLabelled(name, label, hint, required);
  return frame(
    <input
      {...control}
      type={type as 'text'}
      inputMode={inputMode}
      autoComplete={autoComplete ?? 'off'}
      step={step}
      onInput={(e) => form.set(name, (e.currentTarget as HTMLInputElement).value)}
    />,
  );
}

export function TextArea({ name, label, hint, required, rows = 3 }: Common & { rows?: number }) {
  const { form, frame, control } = useLabelled(name, label, hint, required);
  return frame(<textarea {...control} rows={rows} onInput={(e) => form.set(name, (e.currentTarget as HTMLTextAreaElement).value)} />);
}

export function Select({ name, label, hint, required, options }: Common & { options: readonly { value: string; label: string }[] }) {
  const { form, frame, control } = useLabelled(name, label, hint, required);
  return frame(
    <select {...control} onChange={(e) => form.set(name, (e.currentTarget as HTMLSelectElement).value)}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>,
  );
}

export function Checkbox({ name, label, hint }: Common) {
  const { form, id, errors, describedBy } = useField(name, label, hint);
  return (
    <div class={`field field-check ${errors.length ? 'field-invalid' : ''}`}>
      <input
        id={id}
        name={name}
        type="checkbox"
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={describedBy}
        checked={form.values[name] === true}
        onChange={(e) => form.set(name, (e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
      <Messages id={id} hint={hint} errors={errors} />
    </div>
  );
}

/** Several choices under one legend; the value is the list of checked options. */
export function CheckboxGroup({ name, label, hint, options }: Common & { options: readonly { value: string; label: string }[] }) {
  const { form, id, errors, describedBy } = useField(name, label, hint);
  const chosen = (form.values[name] as string[] | undefined) ?? [];
  return (
    <fieldset class={`field ${errors.length ? 'field-invalid' : ''}`} aria-describedby={describedBy} id={id} tabIndex={-1}>
      <legend>{label}</legend>
      <Messages id={id} hint={hint} errors={errors} />
      <div class="check-row">
        {options.map((o) => {
          const oid = `${id}-${o.value}`;
          return (
            <span class="check" key={o.value}>
              <input
                id={oid}
                type="checkbox"
                checked={chosen.includes(o.value)}
                onChange={(e) => form.set(name, (e.currentTarget as HTMLInputElement).checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))}
              />
              <label for={oid}>{o.label}</label>
            </span>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Groups related fields under a legend (a response level, the casualty figures). */
export function FieldGroup({ legend, children, hint }: { legend: string; hint?: string; children: ComponentChildren }) {
  return (
    <fieldset class="field-group">
      <legend>{legend}</legend>
      {hint && <p class="field-hint">{hint}</p>}
      <div class="field-grid">{children}</div>
    </fieldset>
  );
}
