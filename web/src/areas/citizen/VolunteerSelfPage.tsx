// Citizen: register as a volunteer (rule 19), then keep one's own record: qualifications, training, insurance, the
// deployments one was asked on (each answered freely, rule 21) and the service certificate. The record is found with
// GET /v1/me/volunteer (a citizen registers themself once); its number is also kept in this browser.
import { useEffect, useState } from 'preact/hooks';
import { call, get, newIdempotencyKey } from '../../api/client.ts';
import { useResource } from '../../api/paging.ts';
import type { Volunteer } from '../../api/types.ts';
import { t } from '../../i18n/index.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { ProblemNotice, Progress, Success } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { registrationBlank, registrationBody, RegistrationFields, volunteerPath, VolunteerRecord } from '../shared/volunteers.tsx';

const storageKey = (sub: string) => `erp.volunteer.${sub}`;

function remembered(sub: string): string | null {
  try {
    return localStorage.getItem(storageKey(sub));
  } catch {
    return null;
  }
}

function remember(sub: string, id: string | null): void {
  try {
    if (id) localStorage.setItem(storageKey(sub), id);
    else localStorage.removeItem(storageKey(sub));
  } catch {
    /* storage off: the number is shown; the person keeps it */
  }
}

function Register({ division, onDone }: { division: string; onDone(v: Volunteer): void }) {
  const form = useForm<Values>(() => registrationBlank(division));
  return (
    <Form
      form={form}
      labelledBy="volunteer-register"
      submitLabel={t('volunteer.register')}
      onSubmit={async (v) => {
        const key = String(v['key']) || newIdempotencyKey();
        form.set('key', key);
        onDone((await call<Volunteer>('POST', '/v1/volunteers', { body: registrationBody(v), idempotencyKey: key })).data);
      }}
    >
      <RegistrationFields />
    </Form>
  );
}

function FindMine({ onFound }: { onFound(id: string): void }) {
  const form = useForm<Values>({ volunteerId: '' });
  return (
    <Form
      form={form}
      submitLabel={t('volunteer.open')}
      onSubmit={async (v) => {
        const id = String(v['volunteerId']).trim();
        await call<Volunteer>('GET', volunteerPath(id));
        onFound(id);
      }}
    >
      <TextField name="volunteerId" label={t('volunteer.number')} required />
    </Form>
  );
}

function Mine({ id, onForget }: { id: string; onForget(): void }) {
  const res = useResource<Volunteer>(volunteerPath(id));
  return (
    <>
      {res.loading && !res.data && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {res.data && (
        <>
          <p class="button-row">
            <span>{t('volunteer.numberIs', { id })}</span>
            <Button variant="quiet" onClick={onForget}>
              {t('volunteer.forget')}
            </Button>
          </p>
          <VolunteerRecord v={res.data} onChange={res.setData} deploymentHref={(d) => `#/citizen/deployments/${encodeURIComponent(d)}`} />
        </>
      )}
    </>
  );
}

export function VolunteerSelfPage() {
  const s = useStore(session);
  const sub = s?.sub ?? '';
  const [id, setId] = useState<string | null>(() => remembered(sub));
  const [message, setMessage] = useState<string | null>(null);
  const keep = (next: string | null) => {
    remember(sub, next);
    setId(next);
  };
  // A record registered on another device (or forgotten here) is found by the API: a 404 means none yet.
  const [looking, setLooking] = useState(id === null);
  useEffect(() => {
    if (id !== null) return;
    let stale = false;
    get<Volunteer>('/v1/me/volunteer').then(
      (v) => !stale && keep(v.volunteerId),
      () => undefined,
    ).finally(() => !stale && setLooking(false));
    return () => {
      stale = true;
    };
  }, [sub]);
  return (
    <Page title={t('page.volunteer')} lead={<p>{t('volunteer.selfLead')}</p>}>
      {message && <Success>{message}</Success>}
      {looking && !id && <Progress>{t('list.loading')}</Progress>}
      {id ? (
        <Mine id={id} onForget={() => keep(null)} />
      ) : looking ? null : (
        <>
          <Section title={t('volunteer.registerTitle')} id="volunteer-register">
            <Register
              division={s?.division ?? ''}
              onDone={(v) => {
                setMessage(t('volunteer.registered', { id: v.volunteerId }));
                keep(v.volunteerId);
              }}
            />
          </Section>
          <Section title={t('volunteer.haveNumber')} id="volunteer-find">
            <FindMine onFound={keep} />
          </Section>
        </>
      )}
    </Page>
  );
}
