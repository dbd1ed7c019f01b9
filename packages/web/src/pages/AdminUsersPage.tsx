import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAdminUser } from '@server/modules/admin/schemas.js';
import { REGISTRY_ORGANISATION_ID, ROLES, type Role } from '@server/auth/permissions.js';
import { api, ApiError } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { CopyButton } from '../components/CopyButton.js';
import { formatDateTime, formatNumber } from '../format.js';
import { useSession } from '../session.js';

interface Organisation {
  id: string;
  name: string;
  created_at: string;
}
interface SetupLink {
  user: TAdminUser;
  setup_token: string;
  setup_expires_at: string;
}
interface UserAccess {
  user: TAdminUser;
  setup_expires_at: string | null;
  sessions: { state: string; created_at: string; last_seen_at: string; expires_at: string }[];
  tokens: {
    id: string;
    name: string;
    permissions: string[];
    created_at: string;
    last_used_at: string | null;
    revoked: boolean;
  }[];
}

/** The link a new user opens to choose a password; the token rides in the fragment, never to a server log. */
const setupUrl = (token: string) => `${window.location.origin}/setup#${token}`;

/** An admin error in words: the few conflicts an admin meets named, the rest as any API error. */
function AdminError({ error, what }: { error: unknown; what?: 'user' | 'org' }) {
  const { t } = useTranslation();
  if (error instanceof ApiError) {
    if (error.code === 'conflict') {
      const key = /taken/.test(error.message)
        ? 'admin.usernameTaken'
        : /organisation of that name/.test(error.message)
          ? 'admin.orgTaken'
          : /yourself|your own/.test(error.message)
            ? 'admin.selfAction'
            : /already set a password/.test(error.message)
              ? 'admin.passwordAlreadySet'
              : null;
      if (key)
        return (
          <p role="alert" className="error">
            {t(key)}
          </p>
        );
    }
    if (
      error.code === 'validation_failed' &&
      what === 'user' &&
      error.details.some((d) => /username/.test(d.path))
    )
      return (
        <p role="alert" className="error">
          {t('admin.usernameRule')}
        </p>
      );
  }
  return <ErrorMessage error={error} />;
}

/** A handed-over setup link: the link itself, its expiry, and a copy button. */
function SetupLinkNotice({ link }: { link: SetupLink }) {
  const { t } = useTranslation();
  const url = setupUrl(link.setup_token);
  return (
    <div role="status" className="card notice">
      <p>{t('admin.created', { user: link.user.username, date: formatDateTime(link.setup_expires_at) })}</p>
      <p>
        <a href={url} className="secret">
          {url}
        </a>
      </p>
      <CopyButton text={url} label={t('admin.copyLink')} />
    </div>
  );
}

function AccessDetails({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const access = useQuery({
    queryKey: ['admin', 'access', userId],
    queryFn: () => api<UserAccess>(`/api/v1/admin/users/${encodeURIComponent(userId)}/access`),
  });
  if (access.isPending) return <p role="status">{t('common.loading')}</p>;
  if (access.isError) return <ErrorMessage error={access.error} />;
  const a = access.data;
  return (
    <div className="access">
      <h3>{t('admin.sessions')}</h3>
      {a.sessions.length === 0 ? (
        <p>{t('admin.noSessions')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.started')}</th>
              <th scope="col">{t('admin.lastSeen')}</th>
              <th scope="col">{t('admin.expires')}</th>
            </tr>
          </thead>
          <tbody>
            {a.sessions.map((s) => (
              <tr key={s.created_at}>
                <td>{formatDateTime(s.created_at)}</td>
                <td>{formatDateTime(s.last_seen_at)}</td>
                <td>{formatDateTime(s.expires_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('admin.tokens')}</h3>
      {a.tokens.length === 0 ? (
        <p>{t('admin.noTokens')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.tokenName')}</th>
              <th scope="col">{t('admin.permissions')}</th>
              <th scope="col">{t('admin.lastUsed')}</th>
            </tr>
          </thead>
          <tbody>
            {a.tokens.map((tk) => (
              <tr key={tk.id}>
                <td>
                  {tk.name}
                  {tk.revoked ? ` (${t('admin.revoked')})` : ''}
                </td>
                <td>{tk.permissions.join(', ')}</td>
                <td>{formatDateTime(tk.last_used_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Users: create one with role and organisation and hand over the setup link; disable, reset, end sessions. */
export function Component() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const ids = { user: useId(), role: useId(), org: useId() };
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('registrar');
  const [organisation, setOrganisation] = useState(REGISTRY_ORGANISATION_ID);
  const [link, setLink] = useState<SetupLink | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState('');

  const users = useQuery({
    queryKey: ['admin', 'users'],
    queryFn: async () => (await api<{ items: TAdminUser[] }>('/api/v1/admin/users')).items,
  });
  const orgs = useQuery({
    queryKey: ['admin', 'organisations'],
    queryFn: async () => (await api<{ items: Organisation[] }>('/api/v1/admin/organisations')).items,
  });
  const orgName = (id: string) => orgs.data?.find((o) => o.id === id)?.name ?? '…';

  const create = useMutation({
    mutationFn: () =>
      api<SetupLink>('/api/v1/admin/users', {
        json: { username, role, organisation_id: organisation },
      }),
    onSuccess: async (r) => {
      setLink(r);
      setUsername('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: string }) =>
      api<TAdminUser | SetupLink>(`/api/v1/admin/users/${encodeURIComponent(id)}/${action}`, {
        method: 'POST',
      }),
    onSuccess: async (r) => {
      if ('setup_token' in r) setLink(r);
      else setDone(t('admin.done'));
      await queryClient.invalidateQueries({ queryKey: ['admin'] });
    },
  });
  const confirmThen = (message: string, id: string, action: string) => {
    setDone('');
    if (window.confirm(message)) act.mutate({ id, action });
  };

  const me = session.data?.user.id;
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('admin.users')}</h1>

      <form
        className="form card"
        aria-labelledby="new-user-title"
        onSubmit={(e) => {
          e.preventDefault();
          setLink(null);
          create.mutate();
        }}
      >
        <h2 id="new-user-title">{t('admin.newUser')}</h2>
        <div className="field">
          <label htmlFor={ids.user}>{t('admin.username')}</label>
          <input
            id={ids.user}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${ids.user}-hint`}
            required
          />
          <p id={`${ids.user}-hint`} className="hint">
            {t('admin.usernameRule')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.role}>{t('admin.role')}</label>
          <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.org}>{t('admin.organisation')}</label>
          <select id={ids.org} value={organisation} onChange={(e) => setOrganisation(e.target.value)}>
            {(orgs.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        {create.isError ? <AdminError error={create.error} what="user" /> : null}
        <button type="submit" disabled={create.isPending}>
          {t('admin.create')}
        </button>
      </form>
      {link ? <SetupLinkNotice link={link} /> : null}

      <p role="status">{done}</p>
      {act.isError ? <AdminError error={act.error} /> : null}
      {users.isError ? <ErrorMessage error={users.error} /> : null}
      {users.data ? (
        <table className="users">
          <caption>
            {t('admin.userCount', {
              count: users.data.length,
              n: formatNumber(users.data.length, i18n.language),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.username')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.organisation')}</th>
              <th scope="col">{t('admin.state')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.flatMap((u) => {
              const row = (
                <tr key={u.id}>
                  <th scope="row">{u.username}</th>
                  <td>{t(`roles.${u.role}`)}</td>
                  <td>{orgName(u.organisation_id)}</td>
                  <td>
                    {u.disabled
                      ? t('admin.disabled')
                      : !u.password_set
                        ? t('admin.awaitingPassword')
                        : !u.totp_enrolled
                          ? t('admin.noSecondFactor')
                          : t('admin.active')}
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      aria-expanded={open === u.id}
                      onClick={() => setOpen(open === u.id ? null : u.id)}
                    >
                      {t('admin.details')}
                      <span className="visually-hidden">: {u.username}</span>
                    </button>
                    {!u.disabled && !u.password_set ? (
                      <button type="button" onClick={() => act.mutate({ id: u.id, action: 'setup-link' })}>
                        {t('admin.newLink')}
                        <span className="visually-hidden">: {u.username}</span>
                      </button>
                    ) : null}
                    {!u.disabled && u.totp_enrolled ? (
                      <button
                        type="button"
                        onClick={() =>
                          confirmThen(
                            t('admin.confirmResetTotp', { user: u.username }),
                            u.id,
                            'reset-second-factor',
                          )
                        }
                      >
                        {t('admin.resetTotp')}
                        <span className="visually-hidden">: {u.username}</span>
                      </button>
                    ) : null}
                    {!u.disabled && u.id !== me ? (
                      <>
                        <button
                          type="button"
                          onClick={() => act.mutate({ id: u.id, action: 'end-sessions' })}
                        >
                          {t('admin.endSessions')}
                          <span className="visually-hidden">: {u.username}</span>
                        </button>
                        <button
                          type="button"
                          className="danger"
                          onClick={() =>
                            confirmThen(t('admin.confirmDisable', { user: u.username }), u.id, 'disable')
                          }
                        >
                          {t('admin.disable')}
                          <span className="visually-hidden">: {u.username}</span>
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              );
              return open === u.id
                ? [
                    row,
                    <tr key={`${u.id}-access`}>
                      <td colSpan={5}>
                        <AccessDetails userId={u.id} />
                      </td>
                    </tr>,
                  ]
                : [row];
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
