import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { TSearchPersonsResponse } from '@server/modules/search/schemas.js';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatNumber, formatPartialDate } from '../format.js';
import { markSearchAnswered, markSearchRendered, markSearchReady } from '../perf.js';

const BIRTH = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** One box for a name in any script, an optional birth date or year; results open with arrows and Enter. */
export function SearchPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [birth, setBirth] = useState(params.get('birth') ?? '');
  const [active, setActive] = useState(0);
  const listId = useId();
  const birthErrorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  const dq = useDebounced(q.trim(), 200);
  const db = useDebounced(birth.trim(), 200);
  const birthValid = db === '' || BIRTH.test(db);

  useEffect(() => {
    markSearchReady();
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    const next = new URLSearchParams();
    if (dq) next.set('q', dq);
    if (db) next.set('birth', db);
    setParams(next, { replace: true });
  }, [dq, db, setParams]);

  const search = useQuery({
    queryKey: ['search', dq, birthValid ? db : ''],
    enabled: dq.length >= 2 && birthValid,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const qs = new URLSearchParams({ q: dq, limit: '20' });
      if (db) qs.set('birth', db);
      const r = await api<TSearchPersonsResponse>(`/api/v1/search/persons?${qs}`, { signal });
      markSearchAnswered();
      return r;
    },
  });
  const hits = dq.length >= 2 ? (search.data?.hits ?? []) : [];

  // New results: the first one is active again (React's "adjust state on prop change" pattern).
  const [shown, setShown] = useState(search.data);
  if (shown !== search.data) {
    setShown(search.data);
    setActive(0);
  }
  useLayoutEffect(() => {
    if (search.data) markSearchRendered();
  }, [search.data]);

  const open = (i: number) => {
    const hit = hits[i];
    if (hit) navigate(`/persons/${hit.person_id}`);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (hits.length === 0) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(active);
    }
  };
  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title')}</h1>
      <form className="search-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor="search-q">{t('search.name')}</label>
          <input
            id="search-q"
            ref={inputRef}
            type="text"
            role="combobox"
            aria-expanded={hits.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={hits.length > 0 ? `${listId}-${active}` : undefined}
            aria-describedby="search-hint"
            autoComplete="off"
            spellCheck={false}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <p id="search-hint" className="hint">
            {t('search.hint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="search-birth">{t('search.birth')}</label>
          <input
            id="search-birth"
            type="text"
            inputMode="numeric"
            placeholder={t('search.birthPlaceholder')}
            aria-invalid={!birthValid}
            aria-describedby={birthValid ? undefined : birthErrorId}
            value={birth}
            onChange={(e) => setBirth(e.target.value)}
            onKeyDown={onKeyDown}
          />
          {!birthValid ? (
            <p id={birthErrorId} className="field-error">
              {t('validation.partialDate')}
            </p>
          ) : null}
        </div>
      </form>

      <p role="status" className="status-line">
        {dq.length < 2
          ? t('search.typeMore')
          : search.isFetching && !search.data
            ? t('common.loading')
            : search.data
              ? t('search.count', { count: hits.length, n: formatNumber(hits.length, lng) })
              : ''}
      </p>
      {search.isError ? <ErrorMessage error={search.error} /> : null}

      <ul id={listId} role="listbox" aria-label={t('search.results')} className="results">
        {hits.map((hit, i) => (
          <li
            key={hit.person_id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'hit active' : 'hit'}
            onMouseEnter={() => setActive(i)}
            onClick={() => open(i)}
          >
            <div className="hit-head">
              <span className="hit-name">
                {[hit.person.family_name, hit.person.given_name, hit.person.patronymic]
                  .filter(Boolean)
                  .join(' ')}
              </span>
              <span className={hit.confident ? 'badge good' : 'badge'}>
                {hit.confident ? t('search.confident') : t('search.possible')}
              </span>
            </div>
            <ul className="names" aria-label={t('person.names')}>
              {hit.person.names.map((n, j) => (
                <li key={j}>
                  <span className="script">{t(`scripts.${n.script}`, { defaultValue: n.script })}</span>{' '}
                  {[n.family_name, n.given_name, n.patronymic].filter(Boolean).join(' ')}
                </li>
              ))}
            </ul>
            <dl className="facts">
              <div>
                <dt>{t('person.birthDate')}</dt>
                <dd>{formatPartialDate(hit.person.birth_date)}</dd>
              </div>
              <div>
                <dt>{t('person.category')}</dt>
                <dd>{t(`categories.${hit.person.category}`)}</dd>
              </div>
              <div>
                <dt>{t('person.status')}</dt>
                <dd>
                  <span className={`status status-${hit.person.status}`}>
                    {t(`statuses.${hit.person.status}`)}
                  </span>
                </dd>
              </div>
            </dl>
            <p className="why">
              {t('search.why', {
                source: hit.why.source,
                name: [hit.why.name.family_name, hit.why.name.given_name, hit.why.name.patronymic]
                  .filter(Boolean)
                  .join(' '),
              })}{' '}
              {(['family', 'given', 'father', 'birth'] as const).map((f) => (
                <span key={f} className={`level level-${hit.why[f]}`}>
                  {t(`fields.${f}`)}: {t(`levels.${hit.why[f]}`, { defaultValue: hit.why[f] })}
                </span>
              ))}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
