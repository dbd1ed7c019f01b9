import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import {
  ZCreateRecordRequestSchema,
  type TCreateRecordRequest,
  type TCreateRecordResponse,
} from '@server/modules/records/schemas.js';
import {
  CATEGORIES,
  RELIABILITY_GRADES,
  SEXES,
  SOURCE_TYPES,
  STATUSES,
} from '@server/modules/registry/vocabulary.js';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { applyServerErrors, dropEmpty, Field } from '../forms.js';

const schema = z.preprocess(dropEmpty, ZCreateRecordRequestSchema);
type FormValues = z.input<typeof ZCreateRecordRequestSchema>;
type TextField = Exclude<keyof FormValues, 'attributes' | 'person_id'>;
const FIELDS = Object.keys(ZCreateRecordRequestSchema.shape);

/** Enters one source's record: a new person, or (from a person's file) a record joined to that person. */
export function Component() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const personId = params.get('person') ?? undefined;
  const form = useForm<FormValues, unknown, TCreateRecordRequest>({
    resolver: zodResolver(schema as unknown as typeof ZCreateRecordRequestSchema),
    defaultValues: { source_type: 'other', ...(personId ? { person_id: personId } : {}) },
  });
  const { errors } = form.formState;
  const save = useMutation({
    mutationFn: (body: TCreateRecordRequest) => api<TCreateRecordResponse>('/api/v1/records', { json: body }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['person', r.person_id] });
      navigate(`/persons/${r.person_id}`);
    },
    onError: (err) => applyServerErrors(err, form.setError, FIELDS),
  });

  const text = (name: TextField, label: string, hint?: string) => (
    <Field label={label} error={errors[name]} {...(hint ? { hint } : {})} required={name === 'source'}>
      {(p) => <input {...p} {...(form.register(name) as UseFormRegisterReturn)} />}
    </Field>
  );
  const choice = (name: TextField, label: string, values: readonly string[], prefix: string) => (
    <Field label={label} error={errors[name]}>
      {(p) => (
        <select {...p} {...(form.register(name) as UseFormRegisterReturn)}>
          {name !== 'source_type' ? <option value="">{t('common.notGiven')}</option> : null}
          {values.map((v) => (
            <option key={v} value={v}>
              {prefix ? t(`${prefix}.${v}`) : v}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <section aria-labelledby="record-title">
      <h1 id="record-title">{personId ? t('record.titleForPerson') : t('record.title')}</h1>
      <form noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))} className="form">
        <fieldset>
          <legend>{t('record.provenance')}</legend>
          {text('source', t('fields.source'))}
          {choice('source_type', t('fields.source_type'), SOURCE_TYPES, 'sourceTypes')}
          {choice('reliability', t('fields.reliability'), RELIABILITY_GRADES, 'grades')}
          {text('source_ref', t('fields.source_ref'))}
          {text('source_date', t('fields.source_date'), t('common.fullDateHint'))}
          {text('external_id', t('fields.external_id'), t('record.externalIdHint'))}
        </fieldset>
        <fieldset>
          <legend>{t('record.identity')}</legend>
          {text('family_name', t('fields.family_name'))}
          {text('given_name', t('fields.given_name'))}
          {text('patronymic', t('fields.patronymic'))}
          {choice('sex', t('fields.sex'), SEXES, 'sexes')}
          {text('birth_date', t('fields.birth_date'), t('common.partialDateHint'))}
          {text('place_of_birth', t('fields.place_of_birth'))}
          {choice('category', t('fields.category'), CATEGORIES, 'categories')}
          {choice('status', t('fields.status'), STATUSES, 'statuses')}
        </fieldset>
        <fieldset>
          <legend>{t('record.military')}</legend>
          {text('military_rank', t('fields.military_rank'))}
          {text('unit', t('fields.unit'))}
          {text('service_number', t('fields.service_number'))}
          {text('marks', t('fields.marks'))}
        </fieldset>
        {save.isError && !Object.keys(errors).length ? <ErrorMessage error={save.error} /> : null}
        <button type="submit" disabled={save.isPending}>
          {t('record.save')}
        </button>
      </form>
    </section>
  );
}
