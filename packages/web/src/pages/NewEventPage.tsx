import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { ZCreateEventRequestSchema, type TCreateEventRequest } from '@server/modules/events/schemas.js';
import { CONFIDENCES, EVENT_TYPE_NAMES, LINKAGE_EVENT_TYPES } from '@server/modules/registry/vocabulary.js';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { applyServerErrors, dropEmpty, Field } from '../forms.js';

// The API's own schema, after empty inputs are dropped.
const schema = z.preprocess(dropEmpty, ZCreateEventRequestSchema);
type FormValues = z.input<typeof ZCreateEventRequestSchema>;
const FIELDS = ['type', 'occurred_on', 'source', 'confidence', 'note'] as const;
// Merges and splits are written by record linkage, never entered by hand.
const ENTERABLE = EVENT_TYPE_NAMES.filter((e) => !LINKAGE_EVENT_TYPES.includes(e));

/** Adds a dated fact to a person's story. */
export function Component() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<FormValues, unknown, TCreateEventRequest>({
    resolver: zodResolver(schema as unknown as typeof ZCreateEventRequestSchema),
    defaultValues: { confidence: 'reported' },
  });
  const { errors } = form.formState;
  const save = useMutation({
    mutationFn: (body: TCreateEventRequest) =>
      api(`/api/v1/persons/${encodeURIComponent(id)}/events`, { json: body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['person', id] });
      navigate(`/persons/${id}`);
    },
    onError: (err) => applyServerErrors(err, form.setError, FIELDS),
  });

  return (
    <section aria-labelledby="event-title">
      <h1 id="event-title">{t('event.title')}</h1>
      <p>
        <Link to={`/persons/${id}`}>{t('event.back')}</Link>
      </p>
      <form noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))} className="form">
        <Field label={t('event.type')} error={errors.type} required>
          {(p) => (
            <select {...p} {...form.register('type')} defaultValue="">
              <option value="">{t('common.choose')}</option>
              {ENTERABLE.map((e) => (
                <option key={e} value={e}>
                  {t(`eventTypes.${e}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('event.occurredOn')} error={errors.occurred_on} hint={t('common.partialDateHint')}>
          {(p) => <input {...p} {...form.register('occurred_on')} inputMode="numeric" />}
        </Field>
        <Field label={t('event.source')} error={errors.source}>
          {(p) => <input {...p} {...form.register('source')} />}
        </Field>
        <Field label={t('event.confidence')} error={errors.confidence}>
          {(p) => (
            <select {...p} {...form.register('confidence')}>
              {CONFIDENCES.map((c) => (
                <option key={c} value={c}>
                  {t(`confidences.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('event.note')} error={errors.note}>
          {(p) => <textarea {...p} {...form.register('note')} rows={3} />}
        </Field>
        {save.isError && !Object.keys(errors).length ? <ErrorMessage error={save.error} /> : null}
        <button type="submit" disabled={save.isPending}>
          {t('event.save')}
        </button>
      </form>
    </section>
  );
}
