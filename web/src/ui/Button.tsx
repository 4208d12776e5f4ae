// Buttons and button-styled links: primary, secondary, danger; a busy button stays focusable and says so.
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

type Variant = 'primary' | 'secondary' | 'danger' | 'quiet';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class' | 'type'> {
  variant?: Variant;
  busy?: boolean;
  type?: 'button' | 'submit';
  children: ComponentChildren;
}

export function Button({ variant = 'secondary', busy, type = 'button', children, ...rest }: ButtonProps) {
  return (
    <button {...rest} type={type} class={`btn btn-${variant}`} aria-disabled={busy ? 'true' : undefined} data-busy={busy ? 'true' : undefined}>
      {busy && <span class="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

export function ButtonLink({ href, variant = 'secondary', children }: { href: string; variant?: Variant; children: ComponentChildren }) {
  return (
    <a href={href} class={`btn btn-${variant}`}>
      {children}
    </a>
  );
}
