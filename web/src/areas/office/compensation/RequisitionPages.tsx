// Office: requisitions (征用, rules 8, 10-13) of an incident: the list, a taking with a voucher or in an emergency to be
// papered afterwards, and one requisition with its paperwork deadline, hand-over, return (a certificate unless
// intact), return deadline, the compensation case it opened, the printable voucher, its masked owner and audit trail.
import { useState } from 'preact/hooks';
import { call, newIdempotencyKey } from '../../../api/client.ts';
import { usePaged, useRecordSteps } from '../../../api/paging.ts';
import { REQUISITION_CATEGORIES, RETURN_OUTCOMES, type Requisition } from '../../../api/types.ts';
import { cstInputToIso, isoToCstInput, yuanToFen } from '../../../format.ts';
import { formatDateTime, formatMoney, label, t } from '../../../i18n/index.ts';
import { navigate } from '../../../router.ts';
import { Badge, Flag, StatusBadge } from '../../../ui/Badge.tsx';
import { Button, ButtonLink } from '../../../ui/Button.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { saveDocument } from '../../../ui/download.ts';
import { FieldGroup, Select, TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm, type Values } from '../../../ui/form.ts';
import { ProblemNotice, Progress, Success } from '../../../ui/Notice.tsx';
import { Page, Section } from '../../../ui/Page.tsx';
import { PagedList } from '../../../ui/PagedList.tsx';
import { blankRows, readRows, RowGroups, useRows } from '../../../ui/Rows.tsx';
import { Facts, Table } from '../../../ui/Table.tsx';
import { DocumentsNeeded, itemsText, RequisitionItems, returnText } from '../../shared/requisitions.tsx';
import { AuditTrail, Masked } from '../Reveal.tsx';

export const requisitionPath = (id: string, rest = '') => `/v1/requisitions/${encodeURIComponent(id)}${rest}`;
const incidentHref = (id: string) => `#/office/incidents/${encodeURIComponent(id)}`;

/** What needs doing now: the paperwork of an emergency taking, a return past its deadline. */
export function requisitionFlags(r: Requisition) {
  return (
    <>
      {r.paperwork && !r.paperwork.done && (r.paperwork.overdue ? <Flag>{t('flag.paperworkOverdue')}</Flag> : <Badge tone="attention">{t('flag.paperworkDue', { at: formatDateTime(r.paperwork.dueAt) })}</Badge>)}
      {r.returnDeadline && !r.returned && (r.returnDeadline.passed ? <Flag>{t('flag.returnOverdue')}</Flag> : <Badge tone="attention">{t('requisition.returnBy', { date: r.returnDeadline.dueDate })}</Badge>)}
      {r.compensationCase && <Badge tone="info">{t('requisition.caseOpen')}</Badge>}
    </>
  );
}

export function RequisitionsPage({ params }: { params: Record<string, string> }) {
  const incidentId = params['incidentId']!;
  const list = usePaged<Requisition>('/v1/requisitions', { incidentId });
  return (
    <Page
      title={t('page.requisitions')}
      lead={
        <p>
          <a href={incidentHref(incidentId)}>{t('incident.back')}</a>
        </p>
      }
      actions={
        <ButtonLink variant="primary" href={`#/office/incidents/${encodeURIComponent(incidentId)}/requisitions/new`}>
          {t('requisition.new')}
        </ButtonLink>
      }
    >
      <PagedList list={list} empty={t('requisition.none')}>
        {(items) => (
          <Table
            caption={t('page.requisitions')}
            rows={items}
            rowKey={(r) => r.requisitionId}
            columns={[
              { header: t('requisition.items'), cell: (r) => <a href={`#/office/requisitions/${encodeURIComponent(r.requisitionId)}`}>{itemsText(r)}</a> },
              { header: t('requisition.voucherNumber'), cell: (r) => r.voucherNumber ?? '—' },
              { header: t('requisition.owner'), cell: (r) => r.owner.name },
              { header: t('requisition.status'), cell: (r) => <StatusBadge status={r.status} /> },
              { header: t('requisition.takenAt'), cell: (r) => formatDateTime(r.takenAt) },
              { header: t('dashboard.flags'), cell: (r) => requisitionFlags(r) },
            ]}
          />
        )}
      </PagedList>
    </Page>
  );
}

const ITEM = { name: '', category: 'vehicle', quantity: '1', unit: '', model: '', conditionBefore: '', valueFen: '' };

export function NewRequisitionPage({ params }: { params: Record<string, string> }) {
  const incidentId = params['incidentId']!;
  const form = useForm<Values>(() => ({
    mode: 'voucher',
    legalBasis: t('requisition.defaultBasis'),
    reason: '',
    'owner.kind': 'individual',
    'owner.name': '',
    'owner.idNumber': '',
    'owner.creditCode': '',
    'owner.phone': '',
    'owner.address': '',
    ...blankRows('items', ITEM, 1),
    requisitioningUnit: '',
    'executingOfficer.name': '',
    'executingOfficer.contact': '',
    takenAt: isoToCstInput(new Date()),
    key: '',
  }));
  const items = useRows(form, 'items', ITEM, 1);
  const unit = form.values['owner.kind'] === 'unit';
  return (
    <Page title={t('page.newRequisition')} lead={<p>{t('requisition.newLead')}</p>}>
      <p>
        <a href={incidentHref(incidentId)}>{t('incident.back')}</a>
      </p>
      <Form
        form={form}
        labelledBy="page-title"
        submitLabel={t('requisition.create')}
        onSubmit={async (v) => {
          const key = String(v['key']) || newIdempotencyKey();
          form.set('key', key);
          const s = (k: string) => String(v[k] ?? '');
          const body = {
            mode: s('mode'),
            legalBasis: s('legalBasis'),
            reason: s('reason'),
            owner: unit
              ? { kind: 'unit', name: s('owner.name'), creditCode: s('owner.creditCode').trim().toUpperCase(), phone: s('owner.phone').trim(), address: s('owner.address') }
              : { kind: 'individual', name: s('owner.name'), idNumber: s('owner.idNumber').trim().toUpperCase(), phone: s('owner.phone').replace(/[\s-]/g, ''), address: s('owner.address') },
            items: readRows(v, 'items', Object.keys(ITEM), items.count).map((i) => ({
              name: i['name'],
              category: i['category'],
              quantity: i['quantity']!.trim() === '' ? Number.NaN : Number(i['quantity']),
              unit: i['unit'],
              ...(i['model']!.trim() ? { model: i['model'] } : {}),
              conditionBefore: i['conditionBefore'],
              valueFen: i['valueFen']!.trim() === '' ? Number.NaN : (yuanToFen(i['valueFen']!) ?? Number.NaN),
            })),
            requisitioningUnit: s('requisitioningUnit'),
            executingOfficer: { name: s('executingOfficer.name'), contact: s('executingOfficer.contact') },
            takenAt: cstInputToIso(s('takenAt')) ?? s('takenAt'),
          };
          const r = await call<Requisition>('POST', `/v1/incidents/${encodeURIComponent(incidentId)}/requisitions`, { body, idempotencyKey: key });
          navigate(`/office/requisitions/${encodeURIComponent(r.data.requisitionId)}`);
        }}
      >
        <div class="field-grid">
          <Select name="mode" label={t('requisition.mode')} required options={[{ value: 'voucher', label: t('requisition.mode.voucher') }, { value: 'emergency', label: t('requisition.mode.emergency') }]} />
          <TextField name="takenAt" type="datetime-local" label={t('requisition.takenAt')} required hint={t('hint.cst')} />
        </div>
        <TextField name="legalBasis" label={t('requisition.legalBasis')} required />
        <TextArea name="reason" label={t('requisition.reason')} required />
        <FieldGroup legend={t('requisition.owner')} hint={t('hint.owner')}>
          <Select name="owner.kind" label={t('requisition.ownerKind')} required options={[{ value: 'individual', label: t('requisition.ownerKind.individual') }, { value: 'unit', label: t('requisition.ownerKind.unit') }]} />
          <TextField name="owner.name" label={unit ? t('requisition.unitName') : t('requisition.ownerName')} required autoComplete="off" />
          {unit ? (
            <TextField name="owner.creditCode" label={t('org.creditCode')} required autoComplete="off" hint={t('hint.creditCode')} />
          ) : (
            <TextField name="owner.idNumber" label={t('volunteer.idNumber')} required autoComplete="off" hint={t('hint.idNumber')} />
          )}
          <TextField name="owner.phone" label={t('requisition.ownerPhone')} required type="tel" autoComplete="off" hint={unit ? t('hint.unitPhone') : t('hint.mobile')} />
          <TextField name="owner.address" label={t('requisition.ownerAddress')} required autoComplete="off" />
        </FieldGroup>
        <h2>{t('requisition.items')}</h2>
        <p class="field-hint">{t('hint.exempt')}</p>
        <RowGroups rows={items} legend={(n) => t('requisition.itemN', { n: n + 1 })} max={50}>
          {(n) => (
            <>
              <TextField name={`items.${n}.name`} label={t('requisition.itemName')} required />
              <Select name={`items.${n}.category`} label={t('requisition.itemCategory')} required options={REQUISITION_CATEGORIES.map((c) => ({ value: c, label: label('itemCategory', c) }))} />
              <TextField name={`items.${n}.quantity`} label={t('requisition.quantity')} required inputMode="decimal" />
              <TextField name={`items.${n}.unit`} label={t('requisition.itemUnit')} required hint={t('hint.itemUnit')} />
              <TextField name={`items.${n}.model`} label={t('requisition.model')} />
              <TextField name={`items.${n}.valueFen`} label={t('requisition.valueYuan')} required inputMode="decimal" hint={t('hint.yuan')} />
              <TextField name={`items.${n}.conditionBefore`} label={t('requisition.conditionBefore')} required />
            </>
          )}
        </RowGroups>
        <div class="field-grid">
          <TextField name="requisitioningUnit" label={t('requisition.unit')} required />
          <TextField name="executingOfficer.name" label={t('requisition.officer')} required />
          <TextField name="executingOfficer.contact" label={t('requisition.officerContact')} required />
        </div>
      </Form>
    </Page>
  );
}

type Pending = 'paperwork' | 'hand-over' | 'return';

function TransitionDialog({ r, kind, etag, onDone, onClose }: { r: Requisition; kind: Pending; etag: string | undefined; onDone(next: Requisition): void; onClose(): void }) {
  const form = useForm<Values>(() => ({
    ...Object.fromEntries(r.items.map((i, n) => [`conditions.${n}`, i.conditionBefore])),
    outcome: 'intact',
    conditionAfter: '',
    'certificate.number': '',
    'certificate.description': '',
    'certificate.assessedLossFen': '',
  }));
  const intact = form.values['outcome'] === 'intact';
  const title = t(`requisitionAction.${kind}` as 'requisitionAction.paperwork');
  return (
    <Dialog open title={title} onClose={onClose}>
      {kind === 'paperwork' && <p>{t('requisition.paperworkText')}</p>}
      {kind === 'hand-over' && <p>{t('requisition.handoverText')}</p>}
      <Form
        form={form}
        submitLabel={title}
        onSubmit={async (v) => {
          let body: Record<string, unknown> = { action: kind };
          if (kind === 'hand-over') body = { action: kind, conditions: r.items.map((_, n) => String(v[`conditions.${n}`])) };
          if (kind === 'return') {
            const loss = String(v['certificate.assessedLossFen']).trim();
            body = {
              action: kind,
              outcome: v['outcome'],
              conditionAfter: String(v['conditionAfter']),
              ...(intact
                ? {}
                : { certificate: { number: String(v['certificate.number']), description: String(v['certificate.description']), assessedLossFen: loss === '' ? Number.NaN : (yuanToFen(loss) ?? Number.NaN) } }),
            };
          }
          onDone((await call<Requisition>('POST', requisitionPath(r.requisitionId, '/transitions'), { body, ...(etag ? { ifMatch: etag } : {}) })).data);
        }}
      >
        {kind === 'hand-over' && r.items.map((i, n) => <TextField key={n} name={`conditions.${n}`} label={t('requisition.conditionOf', { item: i.name })} required />)}
        {kind === 'return' && (
          <>
            <Select name="outcome" label={t('requisition.outcome')} required options={RETURN_OUTCOMES.map((o) => ({ value: o, label: label('outcome', o) }))} />
            <TextArea name="conditionAfter" label={t('requisition.conditionAfter')} required />
            {!intact && (
              <FieldGroup legend={t('requisition.certificate')} hint={t('hint.certificate')}>
                <TextField name="certificate.number" label={t('requisition.certificateNumber')} required />
                <TextField name="certificate.assessedLossFen" label={t('requisition.assessedLoss')} required inputMode="decimal" hint={t('hint.yuan')} />
                <TextArea name="certificate.description" label={t('requisition.certificateDescription')} required />
              </FieldGroup>
            )}
          </>
        )}
      </Form>
    </Dialog>
  );
}

export function RequisitionPage({ params }: { params: Record<string, string> }) {
  const id = params['requisitionId']!;
  const { res, pending, setPending, message, generation, done } = useRecordSteps<Requisition, Pending>(requisitionPath(id));
  const [voucherProblem, setVoucherProblem] = useState<string | null>(null);
  const r = res.data;
  const actions: Pending[] = r ? [...(r.status === 'taken' ? ['paperwork' as const] : []), ...(r.status === 'issued' ? ['hand-over' as const] : []), ...(r.status === 'handed-over' ? ['return' as const] : [])] : [];
  const owner = r?.owner;
  const masked = (field: string, fieldLabel: string, value: string) => <Masked kind="requisition" id={id} field={field} fieldLabel={fieldLabel} masked={value} />;
  return (
    <Page
      title={r ? itemsText(r) : t('page.requisition')}
      actions={
        r?.voucherNumber && (
          <Button
            onClick={() => {
              setVoucherProblem(null);
              saveDocument(requisitionPath(id, '/voucher'), `voucher-${r.voucherNumber}.html`).catch((err: unknown) => setVoucherProblem((err as Error).message));
            }}
          >
            {t('requisition.voucher')}
          </Button>
        )
      }
    >
      {res.loading && !r && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {voucherProblem && <ProblemNotice problem={{ title: voucherProblem, status: 0 }} />}
      {message && <Success>{message}</Success>}
      {r && owner && (
        <>
          {r.voucherNumber && <p class="field-hint">{t('requisition.voucherHint')}</p>}
          <Facts
            items={[
              [t('requisition.status'), <>{<StatusBadge status={r.status} />} {requisitionFlags(r)}</>],
              [t('requisition.mode'), t(`requisition.mode.${r.mode}` as 'requisition.mode.voucher')],
              [t('requisition.voucherNumber'), r.voucherNumber ?? t('requisition.noVoucherYet')],
              [t('requisition.incident'), <a href={incidentHref(r.incidentId)}>{r.incidentId}</a>],
              [t('requisition.takenAt'), formatDateTime(r.takenAt)],
              [t('requisition.by'), `${r.requisitionedBy.division} · ${label('gov', r.requisitionedBy.level)}`],
              [t('requisition.unit'), r.requisitioningUnit],
              [t('requisition.officer'), <>{r.executingOfficer.name} · {masked('executingOfficer.contact', t('requisition.officerContact'), r.executingOfficer.contact)}</>],
              [t('requisition.legalBasis'), r.legalBasis],
              [t('requisition.reason'), r.reason],
              ...(r.paperwork ? ([[t('requisition.paperwork'), r.paperwork.done ? t('requisition.paperworkDone') : t('requisition.paperworkDue', { at: formatDateTime(r.paperwork.dueAt) })]] as [string, string][]) : []),
              [t('requisition.return'), returnText(r)],
            ]}
          />
          <Section title={t('requisition.owner')} id="requisition-owner">
            <Facts
              items={[
                [t('requisition.ownerKind'), t(`requisition.ownerKind.${owner.kind}` as 'requisition.ownerKind.unit')],
                [t('requisition.ownerName'), masked('owner.name', t('requisition.ownerName'), owner.name)],
                ...(owner.idNumber !== undefined ? ([[t('volunteer.idNumber'), masked('owner.idNumber', t('volunteer.idNumber'), owner.idNumber)]] as [string, ReturnType<typeof masked>][]) : []),
                ...(owner.creditCode !== undefined ? ([[t('org.creditCode'), masked('owner.creditCode', t('org.creditCode'), owner.creditCode)]] as [string, ReturnType<typeof masked>][]) : []),
                [t('requisition.ownerPhone'), masked('owner.phone', t('requisition.ownerPhone'), owner.phone)],
                [t('requisition.ownerAddress'), masked('owner.address', t('requisition.ownerAddress'), owner.address)],
              ]}
            />
          </Section>
          <Section title={t('requisition.items')} id="requisition-items">
            <RequisitionItems r={r} />
            {r.handover && <p>{t('requisition.handedOver', { at: formatDateTime(r.handover.at), conditions: r.handover.conditions.join('; ') })}</p>}
            {r.returned && (
              <p>
                {t('requisition.returnedText', { outcome: label('outcome', r.returned.outcome), at: formatDateTime(r.returned.at) })} {r.returned.conditionAfter}
                {r.returned.certificate && ` · ${t('requisition.certificateLine', { number: r.returned.certificate.number, loss: formatMoney(r.returned.certificate.assessedLossFen) })}`}
                {r.returned.late && <Flag>{t('requisition.late')}</Flag>}
              </p>
            )}
          </Section>
          <Section title={t('plan.lifecycle')} id="requisition-actions">
            <div class="button-row">
              {actions.map((a) => (
                <Button key={a} variant="primary" onClick={() => setPending(a)}>
                  {t(`requisitionAction.${a}` as 'requisitionAction.paperwork')}
                </Button>
              ))}
              {actions.length === 0 && <p class="muted">{t('plan.noActions')}</p>}
            </div>
          </Section>
          {r.compensationCase && (
            <Section title={t('requisition.case')} id="requisition-case">
              <p>
                {t('requisition.caseText', { at: formatDateTime(r.compensationCase.openedAt), heads: r.compensationCase.heads.map((h) => label('head', h)).join(', ') })}{' '}
                <a href={`#/office/claims?incident=${encodeURIComponent(r.incidentId)}`}>{t('requisition.caseClaims')}</a>
              </p>
              <DocumentsNeeded r={r} />
            </Section>
          )}
          <AuditTrail path={requisitionPath(id, '/audit')} generation={generation} />
          {pending && (
            <TransitionDialog
              r={r}
              kind={pending}
              etag={res.etag}
              onClose={() => setPending(null)}
              onDone={(next) => done(next, t('requisition.done', { status: label('status', next.status) }))}
            />
          )}
        </>
      )}
    </Page>
  );
}
