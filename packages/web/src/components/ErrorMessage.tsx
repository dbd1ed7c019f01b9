import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';

/** An API failure in words: a translated sentence for the error code, and the request id to quote. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : 'internal';
  const known = [
    'bad_request',
    'validation_failed',
    'unauthenticated',
    'invalid_credentials',
    'forbidden',
    'not_found',
    'conflict',
    'payload_too_large',
    'unsupported_media_type',
    'rate_limited',
    'network',
    'not_ready',
  ];
  const key = known.includes(code) ? code : 'internal';
  return (
    <div role="alert" className="error">
      <p>{t(`errors.${key}`)}</p>
      {error instanceof ApiError && error.code === 'bad_request' ? <p lang="en">{error.message}</p> : null}
    </div>
  );
}
