// Form state shared by the design system's fields: what was typed (kept after an error), the problem the API
// returned, and each `errors[].path` attached to the field of that name (`body.casualties.deaths` -> the field named
// `casualties.deaths`, or the nearest enclosing one such as `measures` for `measures.2`).
import { createContext } from 'preact';
import { useContext, useRef, useState } from 'preact/hooks';
import { problemOf } from '../api/paging.ts';
import type { Problem } from '../api/types.ts';

export type FieldValue = string | boolean | string[];
export type Values = Record<string, FieldValue>;

export interface FieldError {
  path: string;
  message: string;
  /** The field it is shown next to, when the form has one for this path. */
  field?: string;
}

export interface FormApi<V extends Values> {
  id: string;
  values: V;
  set<K extends keyof V & string>(name: K, value: V[K]): void;
  problem: Problem | null;
  errors: FieldError[];
  errorsFor(name: string): FieldError[];
  submitting: boolean;
  /** Runs the submission; a failure keeps the values and shows the problem. Resolves true on success. */
  run(action: (values: V) => Promise<void>): Promise<boolean>;
  reset(values?: V): void;
  labels: Map<string, string>;
}

let formCount = 0;

/** Strips the request part (`body.`, `query.`) the API puts in front of a field path; `entries[0].hours` is `entries.0.hours`. */
export function fieldPath(path: string): string {
  return path.replace(/^(body|query|params|headers)\./, '').replace(/\[(\d+)\]/g, '.$1');
}

export function attach(errors: { path: string; message: string }[], fieldNames: string[]): FieldError[] {
  return errors.map((e) => {
    const p = fieldPath(e.path);
    const field = fieldNames
      .filter((n) => p === n || p.startsWith(`${n}.`))
      .sort((a, b) => b.length - a.length)[0];
    return field ? { ...e, field } : { ...e };
  });
}

export function useForm<V extends Values>(initial: V | (() => V)): FormApi<V> {
  const [values, setValues] = useState<V>(initial);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const idRef = useRef(`f${++formCount}`);
  const labels = useRef(new Map<string, string>()).current;
  const errors = attach(problem?.errors ?? [], Object.keys(values));
  return {
    id: idRef.current,
    values,
    set: (name, value) => setValues((v) => ({ ...v, [name]: value })),
    problem,
    errors,
    errorsFor: (name) => errors.filter((e) => e.field === name),
    submitting,
    labels,
    async run(action) {
      setSubmitting(true);
      setProblem(null);
      try {
        await action(values);
        return true;
      } catch (err) {
        setProblem(problemOf(err));
        return false;
      } finally {
        setSubmitting(false);
      }
    },
    reset(next) {
      setProblem(null);
      if (next) setValues(next);
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const FormContext = createContext<FormApi<any> | null>(null);

export function useFormContext(): FormApi<Values> {
  const f = useContext(FormContext);
  if (!f) throw new Error('a field must sit inside <Form>');
  return f;
}

export const fieldId = (formId: string, name: string) => `${formId}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
