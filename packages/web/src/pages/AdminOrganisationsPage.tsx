import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime } from '../format.js';

interface Organisation {
  id: string;
  name: string;
  created_at: string;
}

/** Organisations: the list, and a new one by name. */
export function Component() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const nameId = useId();
  const [name, setName] = useState('');
  const orgs = useQuery({
    queryKey: ['admin', 'organisations'],
    queryFn: async () => (await api<{ items: Organisation[] }>('/api/v1/admin/organisations')).items,
  });
  const create = useMutation({
    mutationFn: () => api<Organisation>('/api/v1/admin/organisations', { json: { name } }),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'organisations'] });
    },
  });
  return (
    <section aria-labelledby="orgs-title">
      <h1 id="orgs-title">{t('admin.organisations')}</h1>
      <form
        className="form card"
        aria-labelledby="new-org-title"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h2 id="new-org-title">{t('admin.newOrganisation')}</h2>
        <div className="field">
          <label htmlFor={nameId}>{t('admin.orgName')}</label>
          <input
            id={nameId}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={200}
          />
        </div>
        {create.isError ? (
          create.error instanceof ApiError && create.error.code === 'conflict' ? (
            <p role="alert" className="error">
              {t('admin.orgTaken')}
            </p>
          ) : (
            <ErrorMessage error={create.error} />
          )
        ) : null}
        <button type="submit" disabled={create.isPending}>
          {t('admin.createOrg')}
        </button>
      </form>
      {orgs.isError ? <ErrorMessage error={orgs.error} /> : null}
      {orgs.data ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.orgName')}</th>
              <th scope="col">{t('admin.createdAt')}</th>
            </tr>
          </thead>
          <tbody>
            {orgs.data.map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.name}</th>
                <td>{formatDateTime(o.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
