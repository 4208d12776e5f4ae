// Organisation: its registration (备案登记) with the emergency office and its status (rule 22: deployable only while
// the registration is valid), its group accident insurance (Art 40), or, before it applied, the application form.
import { useState } from 'preact/hooks';
import { call, newIdempotencyKey } from '../../api/client.ts';
import { useResource } from '../../api/paging.ts';
import { CAPABILITIES, ORGANIZATION_KINDS, type Organization } from '../../api/types.ts';
import { count } from '../../format.ts';
import { label, t } from '../../i18n/index.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { ButtonLink } from '../../ui/Button.tsx';
import { CheckboxGroup, FieldGroup, Select, TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { Info, ProblemNotice, Progress, Success } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { blankRows, readRows, RowGroups, useRows } from '../../ui/Rows.tsx';
import { GroupInsurance, OrganizationFacts, organizationPath } from '../shared/organizations.tsx';
import { PolicyFields, policyBlank, policyBody } from '../shared/volunteers.tsx';

const EQUIPMENT = { name: '', quantity: '' };

function RegisterForm({ division, onDone }: { division: string; onDone(o: Organization): void }) {
  const form = useForm<Values>(() => ({
    name: '',
    kind: 'rescue-team',
    creditCode: '',
    divisionCode: division,
    capabilities: [] as string[],
    memberCount: '',
    'contact.name': '',
    'contact.phone': '',
    ...blankRows('equipment', EQUIPMENT, 1),
    ...Object.fromEntries(Object.entries({ ...policyBlank, insuredCount: '' }).map(([k, v]) => [`insurance.${k}`, v])),
    key: '',
  }));
  const equipment = useRows(form, 'equipment', EQUIPMENT, 1);
  return (
    <Form
      form={form}
      labelledBy="org-register"
      submitLabel={t('org.register')}
      onSubmit={async (v) => {
        const key = String(v['key']) || newIdempotencyKey();
        form.set('key', key);
        const policyNo = String(v['insurance.policyNo']).trim();
        const body = {
          name: String(v['name']),
          kind: v['kind'],
          creditCode: String(v['creditCode']).trim().toUpperCase(),
          divisionCode: String(v['divisionCode']).trim(),
          capabilities: v['capabilities'],
          equipment: readRows(v, 'equipment', ['name', 'quantity'], equipment.count)
            .filter((e) => e['name']!.trim() || e['quantity']!.trim())
            .map((e) => ({ name: e['name'], quantity: count(e['quantity']!) ?? Number.NaN })),
          memberCount: count(String(v['memberCount'])) ?? Number.NaN,
          contact: { name: String(v['contact.name']), phone: String(v['contact.phone']).replace(/[\s-]/g, '') },
          ...(policyNo
            ? {
                insurance: {
                  ...policyBody(Object.fromEntries(Object.keys(policyBlank).map((k) => [k, v[`insurance.${k}`]!]))),
                  insuredCount: count(String(v['insurance.insuredCount'])) ?? Number.NaN,
                },
              }
            : {}),
        };
        onDone((await call<Organization>('POST', '/v1/organizations', { body, idempotencyKey: key })).data);
      }}
    >
      <div class="field-grid">
        <TextField name="name" label={t('org.name')} required />
        <Select name="kind" label={t('org.kind')} required options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: label('orgKind', k) }))} />
        <TextField name="creditCode" label={t('org.creditCode')} required hint={t('hint.creditCode')} />
        <TextField name="divisionCode" label={t('plan.division')} required inputMode="numeric" hint={t('hint.division')} />
        <TextField name="memberCount" label={t('org.memberCount')} required inputMode="numeric" />
      </div>
      <CheckboxGroup name="capabilities" label={t('org.capabilities')} options={CAPABILITIES.map((c) => ({ value: c, label: label('capability', c) }))} />
      <FieldGroup legend={t('org.contact')} hint={t('hint.contactPerson')}>
        <TextField name="contact.name" label={t('org.contactName')} required autoComplete="off" />
        <TextField name="contact.phone" label={t('org.contactPhone')} required type="tel" autoComplete="off" hint={t('hint.mobile')} />
      </FieldGroup>
      <h3>{t('org.equipment')}</h3>
      <RowGroups rows={equipment} legend={(n) => t('org.equipmentN', { n: n + 1 })} min={0} max={200}>
        {(n) => (
          <>
            <TextField name={`equipment.${n}.name`} label={t('org.equipmentName')} />
            <TextField name={`equipment.${n}.quantity`} label={t('org.quantity')} inputMode="numeric" />
          </>
        )}
      </RowGroups>
      <fieldset class="field-group">
        <legend>{t('org.groupInsuranceOptional')}</legend>
        <p class="field-hint">{t('hint.groupInsurance')}</p>
        <div class="field-grid">
          <TextField name="insurance.policyNo" label={t('insurance.policyNo')} />
          <TextField name="insurance.insurer" label={t('insurance.insurer')} />
          <TextField name="insurance.coversFrom" type="date" label={t('insurance.coversFrom')} />
          <TextField name="insurance.coversTo" type="date" label={t('insurance.coversTo')} />
          <TextField name="insurance.insuredCount" label={t('insurance.insuredCount')} inputMode="numeric" />
        </div>
      </fieldset>
    </Form>
  );
}

function GroupInsuranceForm({ o, etag, onDone }: { o: Organization; etag: string | undefined; onDone(next: Organization): void }) {
  const blank = { ...policyBlank, insuredCount: String(o.memberCount) };
  const form = useForm<Values>(blank);
  return (
    <Form
      form={form}
      submitLabel={t('insurance.add')}
      onSubmit={async (v) => {
        const body = { ...policyBody(v), insuredCount: count(String(v['insuredCount'])) ?? Number.NaN };
        onDone((await call<Organization>('POST', organizationPath(o.organizationId, '/insurance'), { body, ...(etag ? { ifMatch: etag } : {}) })).data);
      }}
    >
      <PolicyFields />
      <TextField name="insuredCount" label={t('insurance.insuredCount')} required inputMode="numeric" hint={t('hint.insuredCount', { n: o.memberCount })} />
    </Form>
  );
}

export function OrgHomePage() {
  const s = useStore(session);
  const orgId = s?.orgId;
  const res = useResource<Organization>(orgId ? organizationPath(orgId) : null);
  const [message, setMessage] = useState<string | null>(null);
  const o = res.data;
  const notRegistered = res.problem?.status === 404;
  return (
    <Page title={t('page.orgHome')} lead={<p>{t('org.lead')}</p>}>
      {!orgId && <ProblemNotice problem={{ title: t('org.noOrgId'), status: 403 }} />}
      {res.loading && !o && <Progress>{t('list.loading')}</Progress>}
      {res.problem && !notRegistered && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {message && <Success>{message}</Success>}
      {notRegistered && !o && orgId && (
        <Section title={t('org.registerTitle')} id="org-register">
          <Info>{t('org.registerLead', { id: orgId })}</Info>
          <RegisterForm
            division={s?.division ?? ''}
            onDone={(next) => {
              setMessage(t('org.registered'));
              res.reload();
              res.setData(next);
            }}
          />
        </Section>
      )}
      {o && (
        <>
          <Section title={o.name} id="org-registration" actions={<ButtonLink href="#/org/volunteers">{t('nav.roster')}</ButtonLink>}>
            <OrganizationFacts o={o} />
          </Section>
          <Section title={t('org.groupInsurance')} id="org-insurance">
            <GroupInsurance o={o} />
            <details class="disclosure">
              <summary>{t('org.recordGroupInsurance')}</summary>
              <GroupInsuranceForm
                o={o}
                etag={res.etag}
                onDone={(next) => {
                  res.setData(next);
                  res.reload();
                  setMessage(t('volunteer.saved'));
                }}
              />
            </details>
          </Section>
        </>
      )}
    </Page>
  );
}
