import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { TSearchHit, TSearchPersonsResponse } from '@server/modules/search/schemas.js';
import { parseDateOrYears } from '@server/modules/registry/dates.js';
// The names package's romanizers by path: the package index would bring its name lists into this bundle.
import { romanizeRussian, romanizeUkrainian } from '../../../names/src/romanize.js';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatNumber, formatPartialDate } from '../format.js';
import { markSearchAnswered, markSearchRendered, markSearchReady } from '../perf.js';

const PAGE = 20;

type Name = { family_name: string | null; given_name: string | null; patronymic: string | null };
const joined = (n: Name) => [n.family_name, n.given_name, n.patronymic].filter(Boolean).join(' ');

/**
 * The other spellings a card shows: the Latin one (KMU 2010 from the Ukrainian form, ICAO from the
 * Russian one, or a Latin form a source wrote) and the other Cyrillic script's form when a source gave it.
 */
function otherForms(hit: TSearchHit): {
  latin: string | null;
  latinFromRussian: boolean;
  other: { text: string; script: string } | null;
} {
  const names = hit.person.names;
  const main = joined(hit.person);
  const uk = names.find((n) => n.script === 'uk') ?? names.find((n) => n.script === 'cyrillic');
  const ru = names.find((n) => n.script === 'ru');
  const mainScript = names.find((n) => joined(n) === main)?.script ?? uk?.script ?? ru?.script;
  let latin: string | null;
  let latinFromRussian = false;
  if (uk) latin = romanizeUkrainian(joined(uk));
  else if (ru) {
    latin = romanizeRussian(joined(ru), 'icao');
    latinFromRussian = true;
  } else {
    const written = names.find((n) => n.script === 'latin');
    latin = written ? joined(written) : null;
  }
  if (latin === main) latin = null;
  const otherForm = mainScript === 'ru' ? uk : ru;
  const other =
    otherForm && joined(otherForm) !== main ? { text: joined(otherForm), script: otherForm.script } : null;
  return { latin, latinFromRussian, other };
}

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
  // The same reading of dates as the API's: 17.05.1990, 05.1990, 1990 or ISO, or a range of two years (2001/02,
  // 1990-1991: either year), never February 2001.
  const birthValid = db === '' || typeof parseDateOrYears(db) !== 'string';

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

  const search = useInfiniteQuery({
    queryKey: ['search', dq, birthValid ? db : ''],
    enabled: dq.length >= 2 && birthValid,
    placeholderData: keepPreviousData,
    initialPageParam: 0,
    getNextPageParam: (last: TSearchPersonsResponse, pages) => {
      const seen = pages.reduce((n, p) => n + p.hits.length, 0);
      return seen < last.total && last.hits.length > 0 ? seen : undefined;
    },
    queryFn: async ({ signal, pageParam }) => {
      const qs = new URLSearchParams({ q: dq, limit: String(PAGE), offset: String(pageParam) });
      if (db) qs.set('birth', db);
      const r = await api<TSearchPersonsResponse>(`/api/v1/search/persons?${qs}`, { signal });
      markSearchAnswered();
      return r;
    },
  });
  const hits = dq.length >= 2 ? (search.data?.pages.flatMap((p) => p.hits) ?? []) : [];
  const total = search.data?.pages[0]?.total ?? 0;
  // A common name alone: the server counted its matches only up to a bound.
  const totalExact = search.data?.pages[0]?.total_exact ?? true;

  // New results: the first one is active again (React's "adjust state on prop change" pattern); more of
  // the same results keep the active one.
  const first = search.data?.pages[0];
  const [shown, setShown] = useState(first);
  if (shown !== first) {
    setShown(first);
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
  // On a result itself (reached by Tab: the active result is the list's one tab stop), the arrows move
  // focus along the results and Enter opens one.
  const onOptionKeyDown = (e: React.KeyboardEvent, i: number) => {
    const go = (j: number) => {
      e.preventDefault();
      setActive(j);
      document.getElementById(`${listId}-${j}`)?.focus();
    };
    if (e.key === 'ArrowDown') go(Math.min(i + 1, hits.length - 1));
    else if (e.key === 'ArrowUp') go(Math.max(i - 1, 0));
    else if (e.key === 'Enter') {
      e.preventDefault();
      open(i);
    }
  };

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
              ? !totalExact
                ? `${t('search.countAtLeast', { n: formatNumber(total, lng) })} ${t('search.shownSome', { shown: formatNumber(hits.length, lng) })}`
                : `${t('search.count', { count: total, n: formatNumber(total, lng) })}${
                    total > hits.length
                      ? ` ${t('search.shown', { shown: formatNumber(hits.length, lng), total: formatNumber(total, lng) })}`
                      : ''
                  }`
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
            tabIndex={i === active ? 0 : -1}
            onKeyDown={(e) => onOptionKeyDown(e, i)}
            onFocus={() => setActive(i)}
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
            <HitNames hit={hit} />
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
      {search.hasNextPage ? (
        <button
          type="button"
          onClick={() => void search.fetchNextPage()}
          disabled={search.isFetchingNextPage}
        >
          {t('search.more')}
        </button>
      ) : null}
    </section>
  );
}

/** A card's other spellings: Latin, and the other Cyrillic script's form when a source gave one. */
function HitNames({ hit }: { hit: TSearchHit }) {
  const { t } = useTranslation();
  const { latin, latinFromRussian, other } = otherForms(hit);
  if (!latin && !other) return null;
  return (
    <ul className="names" aria-label={t('person.names')}>
      {latin ? (
        <li lang="en">
          <span className="script">{latinFromRussian ? t('scripts.latin') : t('search.latin')}</span> {latin}
        </li>
      ) : null}
      {other ? (
        <li>
          <span className="script">{t(`scripts.${other.script}`, { defaultValue: other.script })}</span>{' '}
          {other.text}
        </li>
      ) : null}
    </ul>
  );
}
