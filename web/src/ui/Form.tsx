// A form of the design system: the problem summary on top (title in the chosen language, each field error linked to
// its field), the fields, and a submit button that says while it is working.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { FormContext, fieldId, type FormApi, type Values } from './form.ts';
import { Button } from './Button.tsx';

export function ErrorSummary({ form }: { form: FormApi<Values> }) {
  const ref = useRef<HTMLDivElement>(null);
  const { problem, errors } = form;
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  if (!problem) return null;
  const focusField = (name: string) => document.getElementById(fieldId(form.id, name))?.focus();
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={`${form.id}-problem`}>
      <h2 id={`${form.id}-problem`} class="error-summary-title">
        {problem.title}
      </h2>
      {problem.detail && <p>{problem.detail}</p>}
      {errors.length > 0 && (
        <ul>
          {errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              {e.field ? (
                <button type="button" class="link-button" onClick={() => focusField(e.field!)}>
                  {form.labels.get(e.field) ?? e.field}: {e.message}
                </button>
              ) : (
                <span>
                  <code>{e.path}</code>: {e.message}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {problem.requestId && <p class="muted small">{t('error.requestId', { id: problem.requestId })}</p>}
    </div>
  );
}

export interface FormProps<V extends Values> {
  form: FormApi<V>;
  onSubmit(values: V): Promise<void>;
  submitLabel: string;
  busyLabel?: string;
  /** The accessible name of the form (a heading's id or text). */
  labelledBy?: string;
  children: ComponentChildren;
  secondary?: ComponentChildren;
  class?: string;
}

export function Form<V extends Values>({ form, onSubmit, submitLabel, busyLabel, labelledBy, children, secondary, class: cls }: FormProps<V>) {
  return (
    <FormContext.Provider value={form}>
      <form
        class={`form ${cls ?? ''}`}
        noValidate
        aria-labelledby={labelledBy}
        aria-busy={form.submitting}
        onSubmit={(e) => {
          e.preventDefault();
          if (!form.submitting) void form.run(onSubmit);
        }}
      >
        <ErrorSummary form={form} />
        {children}
        <div class="form-actions">
          <Button type="submit" variant="primary" busy={form.submitting}>
            {form.submitting ? (busyLabel ?? t('action.submitting')) : submitLabel}
          </Button>
          {secondary}
        </div>
      </form>
    </FormContext.Provider>
  );
}
