import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { CopyButton } from '../components/CopyButton.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime } from '../format.js';
import { useSession } from '../session.js';

interface Token {
  id: string;
  user_id: string;
  name: string;
  permissions: string[];
  created_at: string;
  last_used_at: string | null;
  revoked: boolean;
}

/** The signed-in user's own API tokens: list, create (the secret shown once), revoke. */
export function Component() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const nameId = useId();
  const permissionsId = useId();
  const me = session.data?.user.id ?? '';
  const mine = session.data?.permissions ?? [];
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  // Problems shown beside their fields once the form was sent: an empty name, no permission chosen.
  const [problems, setProblems] = useState<{ name: boolean; permissions: boolean }>({
    name: false,
    permissions: false,
  });
  const nameInput = useRef<HTMLInputElement>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);

  const tokens = useQuery({
    queryKey: ['tokens', me],
    enabled: me !== '',
    queryFn: async () => (await api<{ items: Token[] }>('/api/v1/auth/tokens')).items,
  });
  const create = useMutation({
    mutationFn: () =>
      api<{ token: Token; secret: string }>('/api/v1/auth/tokens', {
        json: { name: name.trim(), permissions: chosen },
      }),
    onSuccess: async (r) => {
      setSecret({ name: r.token.name, secret: r.secret });
      setName('');
      setChosen([]);
      await queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/auth/tokens/${encodeURIComponent(id)}/revoke`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });

  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">{t('admin.myTokens')}</h1>
      <p>{t('admin.tokensIntro')}</p>
      <form
        className="form card"
        aria-labelledby="new-token-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSecret(null);
          const found = { name: name.trim() === '', permissions: chosen.length === 0 };
          setProblems(found);
          if (found.name) nameInput.current?.focus();
          if (!found.name && !found.permissions) create.mutate();
        }}
      >
        <h2 id="new-token-title">{t('admin.newToken')}</h2>
        <div className={problems.name ? 'field invalid' : 'field'}>
          <label htmlFor={nameId}>{t('admin.tokenName')}</label>
          <input
            id={nameId}
            ref={nameInput}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (e.target.value.trim() !== '') setProblems((p) => ({ ...p, name: false }));
            }}
            required
            maxLength={100}
            aria-invalid={problems.name}
            aria-describedby={problems.name ? `${nameId}-error` : undefined}
          />
          {problems.name ? (
            <p id={`${nameId}-error`} className="field-error" role="alert">
              {t('admin.tokenNameMissing')}
            </p>
          ) : null}
        </div>
        <fieldset
          aria-invalid={problems.permissions}
          aria-describedby={problems.permissions ? `${permissionsId}-error` : undefined}
        >
          <legend>{t('admin.permissions')}</legend>
          {mine.map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(p)}
                onChange={(e) => {
                  setChosen(e.target.checked ? [...chosen, p] : chosen.filter((c) => c !== p));
                  if (e.target.checked) setProblems((x) => ({ ...x, permissions: false }));
                }}
              />{' '}
              <code>{p}</code>
            </label>
          ))}
          {problems.permissions ? (
            <p id={`${permissionsId}-error`} className="field-error" role="alert">
              {t('admin.tokenPermissionsMissing')}
            </p>
          ) : null}
        </fieldset>
        {create.isError ? <ErrorMessage error={create.error} /> : null}
        <button type="submit" disabled={create.isPending}>
          {t('admin.createToken')}
        </button>
      </form>
      {secret ? (
        <div role="status" className="card notice">
          <p>{t('admin.secretOnce', { name: secret.name })}</p>
          <p>
            <code className="secret">{secret.secret}</code>
          </p>
          <CopyButton text={secret.secret} />
        </div>
      ) : null}
      {tokens.isError ? <ErrorMessage error={tokens.error} /> : null}
      {revoke.isError ? <ErrorMessage error={revoke.error} /> : null}
      {tokens.data && tokens.data.length === 0 ? <p>{t('admin.noTokens')}</p> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.tokenName')}</th>
              <th scope="col">{t('admin.permissions')}</th>
              <th scope="col">{t('admin.createdAt')}</th>
              <th scope="col">{t('admin.lastUsed')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((tk) => (
              <tr key={tk.id}>
                <th scope="row">{tk.name}</th>
                <td>{tk.permissions.join(', ')}</td>
                <td>{formatDateTime(tk.created_at)}</td>
                <td>{formatDateTime(tk.last_used_at)}</td>
                <td>
                  {tk.revoked ? (
                    t('admin.revoked')
                  ) : (
                    <button type="button" onClick={() => revoke.mutate(tk.id)}>
                      {t('admin.revoke')}
                      <span className="visually-hidden">: {tk.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
