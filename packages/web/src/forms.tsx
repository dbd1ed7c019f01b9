import { useId, type ReactNode } from 'react';
import type { FieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from './api.js';

/** Empty form inputs mean "not given": drop them so optional schema fields stay absent. */
export function dropEmpty(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== '' && v !== undefined && v !== null,
    ),
  );
}

// The server's rules speak English; these are the ones a form meets, in the reader's language.
const SERVER_MESSAGES: [RegExp, string][] = [
  [/is in the future/, 'validation.future'],
  [/is not a calendar date/, 'validation.notCalendarDate'],
  [/has no month/, 'validation.notCalendarDate'],
  [/is not a date in the form|use YYYY, YYYY-MM or YYYY-MM-DD/, 'validation.partialDate'],
  [/is before \d{4}/, 'validation.tooEarly'],
  [/no name/, 'validation.noName'],
  [/must be a full date/, 'validation.fullDate'],
  [/control characters/, 'validation.controlCharacters'],
];

/** A field error in words: zod's issue code (client) or the server's rule, translated. */
export function fieldErrorText(t: TFunction, error: FieldError | undefined): string | null {
  if (!error) return null;
  const msg = error.message ?? '';
  for (const [re, key] of SERVER_MESSAGES) if (re.test(msg)) return t(key);
  switch (error.type) {
    case 'too_big':
      return t('validation.tooLong');
    case 'too_small':
      return t('validation.required');
    case 'invalid_value':
      return t('validation.choose');
    case 'invalid_format':
      return t('validation.partialDate');
    case 'invalid_type':
      return t('validation.required');
  }
  return msg || t('validation.invalid');
}

/** Puts the server's per-field problems beside their fields; returns false when there were none. */
export function applyServerErrors<T extends FieldValues>(
  err: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
): boolean {
  if (!(err instanceof ApiError) || err.code !== 'validation_failed') return false;
  let placed = false;
  for (const d of err.details) {
    const field = d.path.replace(/^body\./, '');
    if (fields.includes(field)) {
      setError(field as Path<T>, { type: 'server', message: d.message }, { shouldFocus: !placed });
      placed = true;
    }
  }
  return placed;
}

/** A labelled control with its hint and its error beside it, wired for assistive technology. */
export function Field({
  label,
  error,
  hint,
  required,
  children,
}: {
  label: string;
  error: FieldError | undefined;
  hint?: string;
  required?: boolean;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const text = fieldErrorText(t, error);
  const describedBy = [hint ? `${id}-hint` : null, text ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={text ? 'field invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {children({ id, 'aria-invalid': Boolean(text), 'aria-describedby': describedBy || undefined })}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {text ? (
        <p id={`${id}-error`} className="field-error">
          {text}
        </p>
      ) : null}
    </div>
  );
}
