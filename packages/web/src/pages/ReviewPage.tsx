import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TReviewPair } from '@server/modules/linkage/schemas.js';
import { api, isMissingRoute } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatNumber, formatPartialDate } from '../format.js';
import { can, useSession } from '../session.js';

type ReviewPair = TReviewPair;

/** How long a decision waits, undoable, before it is sent (a merge or a rejection is not undone lightly). */
const UNDO_SECONDS = 5;

interface Pending {
  id: string;
  verdict: 'accept' | 'reject';
  reason: string;
}

function postDecision({ id, verdict, reason }: Pending) {
  return api(`/api/v1/review/pairs/${encodeURIComponent(id)}/${verdict}`, {
    json: reason.trim() ? { reason: reason.trim() } : {},
  });
}

const COMPARED = [
  'family_name',
  'given_name',
  'patronymic',
  'birth_date',
  'sex',
  'category',
  'status',
] as const;

/** Candidate pairs side by side, differences marked, the explanation; A accept, R reject, S skip. */
export function Component() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const session = useSession();
  const queryClient = useQueryClient();
  const [skipped, setSkipped] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const mayDecide = can(session.data, 'review:decide');

  const queue = useQuery({
    queryKey: ['review'],
    queryFn: async () => {
      try {
        return await api<{
          items: ReviewPair[];
          next_after: string | null;
          total?: number;
          thresholds?: { auto: number; review: number };
        }>('/api/v1/review/pairs?limit=20');
      } catch (err) {
        if (isMissingRoute(err)) return null;
        throw err;
      }
    },
  });
  const pair = queue.data?.items.find((p) => !skipped.includes(p.id));
  const [pending, setPending] = useState<Pending | null>(null);
  const [left, setLeft] = useState(0);
  const pendingRef = useRef<Pending | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const decide = useMutation({
    mutationFn: postDecision,
    onSuccess: async (_r, v) => {
      setDone(t(v.verdict === 'accept' ? 'review.accepted' : 'review.rejected'));
      await queryClient.invalidateQueries({ queryKey: ['review'] });
    },
  });
  const { mutate } = decide;

  // A decision counts down before it is sent; Undo (U or Escape) drops it, "Do it now" sends it at once.
  const commit = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    const p = pendingRef.current;
    pendingRef.current = null;
    setPending(null);
    if (p) mutate(p);
  }, [mutate]);
  const start = useCallback(
    (p: Pending) => {
      pendingRef.current = p;
      setPending(p);
      setLeft(UNDO_SECONDS);
      timer.current = setTimeout(commit, UNDO_SECONDS * 1000);
    },
    [commit],
  );
  const undo = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    pendingRef.current = null;
    setPending(null);
    setDone(t('review.undone'));
  }, [t]);
  useEffect(() => {
    if (!pending) return;
    const h = setInterval(() => setLeft((l) => Math.max(0, l - 1)), 1000);
    return () => clearInterval(h);
  }, [pending]);
  // Leaving the screen mid-countdown still sends what was decided: a keystroke is never silently lost.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      if (pendingRef.current) void postDecision(pendingRef.current).catch(() => undefined);
    },
    [],
  );

  const act = useCallback(
    (verdict: 'accept' | 'reject' | 'skip') => {
      if (!pair || decide.isPending || pending) return;
      if (verdict === 'skip') {
        setSkipped((s) => [...s, pair.id]);
        setDone(t('review.skipped'));
        return;
      }
      if (mayDecide) {
        setDone(null);
        start({ id: pair.id, verdict, reason });
        setReason('');
      }
    },
    [pair, decide.isPending, pending, mayDecide, reason, t, start],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key.toLowerCase();
      if (pendingRef.current) {
        if (k === 'u' || k === 'escape') undo();
        else if (k === 'enter' && target?.tagName !== 'BUTTON') commit();
        return;
      }
      if (k === 'a') act('accept');
      else if (k === 'r') act('reject');
      else if (k === 's') act('skip');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act, undo, commit]);

  if (queue.isPending) return <p role="status">{t('common.loading')}</p>;
  if (queue.isError) return <ErrorMessage error={queue.error} />;

  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t('review.title')}</h1>
      {queue.data?.total !== undefined ? (
        <p>{t('review.waiting', { count: queue.data.total, n: formatNumber(queue.data.total, lng) })}</p>
      ) : null}
      <p role="status">{done ?? ''}</p>
      {pending ? (
        <div className="card notice" role="alert">
          <p>
            {t(pending.verdict === 'accept' ? 'review.willAccept' : 'review.willReject', {
              s: left,
            })}
          </p>
          <div className="actions">
            <button type="button" onClick={undo} aria-keyshortcuts="u">
              {t('review.undo')} <kbd>U</kbd>
            </button>
            <button type="button" onClick={commit}>
              {t('review.now')}
            </button>
          </div>
        </div>
      ) : null}
      {queue.data === null ? (
        <p>{t('review.unavailable')}</p>
      ) : !pair ? (
        <p>{t('review.empty')}</p>
      ) : (
        <>
          <p>
            {t('review.score', { score: formatNumber(pair.score, lng, 1) })} ·{' '}
            {t('review.model', { v: pair.model_version })}
          </p>
          <ScoreInWords pair={pair} thresholds={queue.data?.thresholds} />
          <table className="side-by-side review">
            <caption>{t('review.pair')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('person.field')}</th>
                {[pair.left, pair.right].map((side, i) => (
                  <th scope="col" key={i}>
                    <Link to={`/persons/${side.person_id}`}>
                      {i === 0 ? t('review.left') : t('review.right')}
                    </Link>
                    <span className="meta">{side.records.map((r) => r.source.name).join(', ')}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {COMPARED.map((f) => {
                const l = pair.left.person[f] ?? '';
                const r = pair.right.person[f] ?? '';
                const differs = l !== r;
                const show = (v: string) =>
                  !v
                    ? '—'
                    : f === 'birth_date'
                      ? formatPartialDate(v)
                      : f === 'sex'
                        ? t(`sexes.${v}`)
                        : f === 'category'
                          ? t(`categories.${v}`)
                          : f === 'status'
                            ? t(`statuses.${v}`)
                            : v;
                return (
                  <tr key={f} className={differs ? 'differs' : undefined}>
                    <th scope="row">
                      {t(`fields.${f}`)}
                      {differs ? <span className="visually-hidden"> ({t('review.differs')})</span> : null}
                    </th>
                    <td>{show(l)}</td>
                    <td>{show(r)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <table>
            <caption>{t('review.explanation')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('person.field')}</th>
                <th scope="col">{t('review.level')}</th>
                <th scope="col">{t('review.weight')}</th>
              </tr>
            </thead>
            <tbody>
              {pair.explanation.map((e) => (
                <tr key={e.field} className={e.weight < 0 ? 'against' : 'for'}>
                  <td>{t(`fields.${e.field}`, { defaultValue: e.field })}</td>
                  <td>{t(`levels.${e.level}`, { defaultValue: e.level })}</td>
                  <td>{formatNumber(e.weight, lng, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="field">
            <label htmlFor="review-reason">{t('review.reason')}</label>
            <input id="review-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          {decide.isError ? <ErrorMessage error={decide.error} /> : null}
          <div className="actions" role="group" aria-label={t('review.decide')}>
            <button
              type="button"
              onClick={() => act('accept')}
              disabled={!mayDecide || pending !== null}
              aria-keyshortcuts="a"
            >
              {t('review.accept')} <kbd>A</kbd>
            </button>
            <button
              type="button"
              onClick={() => act('reject')}
              disabled={!mayDecide || pending !== null}
              aria-keyshortcuts="r"
            >
              {t('review.reject')} <kbd>R</kbd>
            </button>
            <button type="button" onClick={() => act('skip')} aria-keyshortcuts="s">
              {t('review.skip')} <kbd>S</kbd>
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The score in words: the prior plus each field's weight, and what the model's thresholds mean. */
function ScoreInWords({
  pair,
  thresholds,
}: {
  pair: ReviewPair;
  thresholds: { auto: number; review: number } | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const sum = pair.explanation.reduce((n, e) => n + e.weight, 0);
  // The stored score is prior + Σ weights, so the prior is what the weights leave over.
  const prior = pair.score - sum;
  const f = (x: number) => formatNumber(x, lng, 1);
  return (
    <p className="explain">
      {t('review.scoreExplained', {
        score: f(pair.score),
        prior: f(prior),
        sum: f(sum),
        auto: f(thresholds?.auto ?? 4),
        review: f(thresholds?.review ?? -6),
      })}
    </p>
  );
}
