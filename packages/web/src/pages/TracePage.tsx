import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { fileRequest } from './tracingApi.js';

const RELATIONSHIPS = [
  'parent',
  'child',
  'spouse',
  'sibling',
  'grandparent',
  'other_relative',
  'other',
] as const;
const CATEGORIES = ['serviceman', 'civilian', 'child'] as const;
const TEXT_FIELDS = [
  ['family_name', 'familyName', true],
  ['given_name', 'givenName', true],
  ['patronymic', 'patronymic', false],
  ['birth_date', 'birthDate', false],
  ['unit', 'unit', false],
  ['service_number', 'serviceNumber', false],
  ['last_seen_place', 'lastSeenPlace', false],
  ['last_seen_date', 'lastSeenDate', false],
] as const;

/**
 * What the relative typed, kept in this tab's session storage until the request is filed: a reload (a
 * phone reloading a page left in the background, a tap on reload while sending) or the back button no
 * longer empties the form. With it the request's `Idempotency-Key`, made at the first sending and kept
 * until the case is shown: sent again — after a timeout, a reload mid-sending, a second tap — the same
 * request answers the case the first sending made, never a second one. Session storage ends with the tab;
 * documents are not kept (a browser cannot keep a chosen file).
 */
const DRAFT = 'homecoming.trace.draft';
interface Draft {
  v: Record<string, string>;
  consent: { tracing: boolean; icrc: boolean; agencies: boolean };
  key: string | null;
}

function readDraft(): Draft | null {
  try {
    const raw = sessionStorage.getItem(DRAFT);
    if (raw === null) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (typeof d.v !== 'object' || d.v === null || typeof d.consent !== 'object' || d.consent === null)
      return null;
    return { v: d.v, consent: d.consent, key: typeof d.key === 'string' ? d.key : null };
  } catch {
    return null;
  }
}

function writeDraft(d: Draft | null): void {
  try {
    if (d === null) sessionStorage.removeItem(DRAFT);
    else sessionStorage.setItem(DRAFT, JSON.stringify(d));
  } catch {
    // Storage refused (private mode, full): the form works as before, without surviving a reload.
  }
}

/** 24 random characters of base64url (144 bits); `crypto.randomUUID` needs HTTPS, this does not. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** A labelled field with its problem (from the server's validation) announced beside it. */
function Field(props: {
  id: string;
  label: string;
  problem: string | undefined;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className={props.problem ? 'field invalid' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.problem ? (
        <p className="field-error" id={`${props.id}-error`}>
          {props.problem}
        </p>
      ) : null}
    </div>
  );
}

/** /trace: a relative files a tracing request, without an account (Ukrainian by default, phone-first). */
export function Component() {
  const { t } = useTranslation();
  const base = useId();
  const [draft] = useState(readDraft);
  const [v, setV] = useState<Record<string, string>>(draft?.v ?? { relationship: '', category: '' });
  const [consent, setConsent] = useState(draft?.consent ?? { tracing: false, icrc: false, agencies: false });
  const key = useRef<string | null>(draft?.key ?? null);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{
    case_number: string;
    access_code: string;
    not_attached: string[];
  } | null>(null);

  useEffect(() => {
    if (!done) writeDraft({ v, consent, key: key.current });
  }, [v, consent, done]);

  const problems = new Map<string, string>();
  if (error instanceof ApiError) {
    for (const d of error.details) problems.set(d.path.replace(/^body\./, ''), d.message);
  }
  const set = (k: string) => (e: { target: { value: string } }) =>
    setV((old) => ({ ...old, [k]: e.target.value }));
  const opt = (k: string) => (v[k]?.trim() ? { [k]: v[k]?.trim() } : {});
  const aria = (id: string, path: string) =>
    problems.has(path) ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        requester: {
          name: v['name']?.trim() ?? '',
          email: v['email']?.trim() ?? '',
          ...opt('phone'),
          relationship: v['relationship'],
        },
        sought: {
          family_name: v['family_name']?.trim() ?? '',
          given_name: v['given_name']?.trim() ?? '',
          ...Object.fromEntries(
            [
              'patronymic',
              'birth_date',
              'category',
              'unit',
              'service_number',
              'last_seen_place',
              'last_seen_date',
              'circumstances',
            ].flatMap((k) => Object.entries(opt(k))),
          ),
        },
        consent: { tracing: consent.tracing, icrc: consent.icrc, agencies: consent.agencies },
      };
      key.current ??= newIdempotencyKey();
      writeDraft({ v, consent, key: key.current });
      const filed = await fileRequest(body, files.slice(0, 5), key.current);
      writeDraft(null);
      key.current = null;
      setDone(filed);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <section aria-labelledby={`${base}-done`} className="narrow">
        <h1 id={`${base}-done`}>{t('trace.doneTitle')}</h1>
        <dl>
          <dt>{t('trace.caseNumber')}</dt>
          <dd>
            <strong data-testid="case-number">{done.case_number}</strong>
          </dd>
          <dt>{t('trace.accessCode')}</dt>
          <dd>
            <strong data-testid="access-code">{done.access_code}</strong>
          </dd>
        </dl>
        <p role="status">{t('trace.keepCode')}</p>
        {done.not_attached.length > 0 ? (
          <p role="alert">{t('trace.notAttached', { names: done.not_attached.join(', ') })}</p>
        ) : null}
        <p>
          <Link to="/trace/status">{t('trace.toStatus')}</Link>
        </p>
      </section>
    );
  }

  const id = (k: string) => `${base}-${k}`;
  return (
    <section aria-labelledby={id('title')} className="narrow">
      <h1 id={id('title')}>{t('trace.title')}</h1>
      <p>{t('trace.intro')}</p>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('trace.requester')}</legend>
          <Field id={id('name')} label={t('trace.name')} problem={problems.get('requester.name')}>
            <input
              id={id('name')}
              autoComplete="name"
              required
              value={v['name'] ?? ''}
              onChange={set('name')}
              {...aria(id('name'), 'requester.name')}
            />
          </Field>
          <Field id={id('email')} label={t('trace.email')} problem={problems.get('requester.email')}>
            <input
              id={id('email')}
              type="email"
              autoComplete="email"
              required
              value={v['email'] ?? ''}
              onChange={set('email')}
              {...aria(id('email'), 'requester.email')}
            />
          </Field>
          <Field id={id('phone')} label={t('trace.phone')} problem={problems.get('requester.phone')}>
            <input
              id={id('phone')}
              type="tel"
              autoComplete="tel"
              value={v['phone'] ?? ''}
              onChange={set('phone')}
              {...aria(id('phone'), 'requester.phone')}
            />
          </Field>
          <Field
            id={id('relationship')}
            label={t('trace.relationship')}
            problem={problems.get('requester.relationship')}
          >
            <select
              id={id('relationship')}
              required
              value={v['relationship']}
              onChange={set('relationship')}
              {...aria(id('relationship'), 'requester.relationship')}
            >
              <option value="">{t('common.choose')}</option>
              {RELATIONSHIPS.map((r) => (
                <option key={r} value={r}>
                  {t(`trace.relationships.${r}`)}
                </option>
              ))}
            </select>
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('trace.sought')}</legend>
          {TEXT_FIELDS.map(([k, label, required]) => (
            <Field
              key={k}
              id={id(k)}
              label={t(`trace.${label}`)}
              problem={problems.get(`sought.${k}`)}
              {...(k === 'birth_date' || k === 'last_seen_date' ? { hint: t('trace.birthHint') } : {})}
            >
              <input
                id={id(k)}
                required={required}
                value={v[k] ?? ''}
                onChange={set(k)}
                {...(k === 'birth_date' || k === 'last_seen_date' ? { inputMode: 'numeric' as const } : {})}
                {...aria(id(k), `sought.${k}`)}
              />
            </Field>
          ))}
          <Field id={id('category')} label={t('trace.category')} problem={problems.get('sought.category')}>
            <select id={id('category')} value={v['category']} onChange={set('category')}>
              <option value="">{t('common.notGiven')}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`trace.categories.${c}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id={id('circumstances')}
            label={t('trace.circumstances')}
            problem={problems.get('sought.circumstances')}
          >
            <textarea
              id={id('circumstances')}
              rows={4}
              value={v['circumstances'] ?? ''}
              onChange={set('circumstances')}
            />
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('trace.consentLegend')}</legend>
          {(['tracing', 'icrc', 'agencies'] as const).map((k) => (
            <div
              key={k}
              className={k === 'tracing' && problems.has('consent.tracing') ? 'field invalid' : 'field'}
            >
              <label>
                <input
                  type="checkbox"
                  checked={consent[k]}
                  onChange={(e) => setConsent((c) => ({ ...c, [k]: e.target.checked }))}
                  {...(k === 'tracing' ? { required: true } : {})}
                />{' '}
                {t(
                  k === 'tracing'
                    ? 'trace.consentTracing'
                    : k === 'icrc'
                      ? 'trace.consentIcrc'
                      : 'trace.consentAgencies',
                )}
              </label>
            </div>
          ))}
        </fieldset>
        <Field id={id('documents')} label={t('trace.documents')} problem={undefined}>
          <input
            id={id('documents')}
            type="file"
            multiple
            accept="application/pdf,image/jpeg,image/png"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </Field>
        {error ? <ErrorMessage error={error} /> : null}
        {problems.size > 0 ? (
          <ul className="field-error" aria-label={t('trace.title')}>
            {[...problems].map(([p, m]) => (
              <li key={p}>
                {p}: {m}
              </li>
            ))}
          </ul>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? t('trace.working') : t('trace.submit')}
        </button>
      </form>
    </section>
  );
}
