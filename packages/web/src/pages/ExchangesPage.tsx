import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import type { ExchangeSummary } from './exchangeApi.js';

/** The exchange coordinator's exchanges, and a form to create one. */
export function Component() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['exchanges'],
    queryFn: () => api<{ items: ExchangeSummary[] }>('/api/v1/exchanges'),
  });
  return (
    <section aria-labelledby="exchanges-title">
      <h1 id="exchanges-title">{t('exchanges.title')}</h1>
      <CreateForm />
      {list.isError ? <ErrorMessage error={list.error} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p>{t('exchanges.none')}</p>
        ) : (
          <table>
            <caption>{t('exchanges.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exchanges.name')}</th>
                <th scope="col">{t('exchanges.date')}</th>
                <th scope="col">{t('exchanges.formula')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((x) => (
                <tr key={x.id}>
                  <td>
                    <Link to={`/exchanges/${x.id}`}>{x.name}</Link>
                  </td>
                  <td>{x.held_on ?? '—'}</td>
                  <td>{t(`exchanges.formulas.${x.formula}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </section>
  );
}

function CreateForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [date, setDate] = useState('');
  const [formula, setFormula] = useState('n_for_n');
  const nameId = useId();
  const dateId = useId();
  const formulaId = useId();
  const create = useMutation({
    mutationFn: () =>
      api<ExchangeSummary>('/api/v1/exchanges', {
        json: { name: name.trim(), formula, ...(date.trim() ? { held_on: date.trim() } : {}) },
      }),
    onSuccess: async (x) => {
      await queryClient.invalidateQueries({ queryKey: ['exchanges'] });
      navigate(`/exchanges/${x.id}`);
    },
  });
  return (
    <form
      className="form card"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) create.mutate();
      }}
    >
      <h2>{t('exchanges.new')}</h2>
      <div className="field">
        <label htmlFor={nameId}>{t('exchanges.name')}</label>
        <input id={nameId} value={name} required onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={dateId}>{t('exchanges.date')}</label>
        <input
          id={dateId}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          aria-describedby={`${dateId}-hint`}
        />
        <p id={`${dateId}-hint`} className="hint">
          {t('common.fullDateHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={formulaId}>{t('exchanges.formula')}</label>
        <select id={formulaId} value={formula} onChange={(e) => setFormula(e.target.value)}>
          {['n_for_n', 'all_for_all', 'wounded_sick_repatriation', 'unilateral_release', 'bodies'].map(
            (f) => (
              <option key={f} value={f}>
                {t(`exchanges.formulas.${f}`)}
              </option>
            ),
          )}
        </select>
      </div>
      {create.isError ? <ErrorMessage error={create.error} /> : null}
      <button type="submit" disabled={create.isPending}>
        {t('exchanges.create')}
      </button>
    </form>
  );
}
