import type { ReactNode } from 'react';

/** A labelled password input, with an optional rule under it that the input names (aria-describedby). */
export function PasswordField({
  id,
  label,
  value,
  onChange,
  autoComplete,
  name,
  minLength,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password' | 'off';
  name?: string;
  minLength?: number;
  hint?: ReactNode;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete={autoComplete}
        aria-describedby={hint ? `${id}-hint` : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        minLength={minLength}
        required
      />
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
    </>
  );
}
