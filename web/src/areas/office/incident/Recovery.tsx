// Incident page: recovery and the investigation (Art 86-94). The investigation-and-assessment task opened when the
// response ended, with its due date: findings (causes, losses, lessons, recommendations, responsibility) recorded and
// the report submitted one level up; and recovery tasks (loss assessment, reconstruction plan, relief, resettlement,
// funds audit) with their owners, due dates and completion. Loaded when an incident page first shows it.
import { useState } from 'preact/hooks';
import { call, newIdempotencyKey } from '../../../api/client.ts';
import { problemOf } from '../../../api/paging.ts';
import { RECOVERY_TASK_KINDS, type Problem, type Recovery as RecoveryView } from '../../../api/types.ts';
import { fenToYuanInput, lines, yuanToFen } from '../../../format.ts';
import { formatDate, formatDateTime, formatMoney, label, t } from '../../../i18n/index.ts';
import { Badge, Flag, StatusBadge } from '../../../ui/Badge.tsx';
import { Button } from '../../../ui/Button.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { Select, TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm, type Values } from '../../../ui/form.ts';
import { ProblemNotice } from '../../../ui/Notice.tsx';
import { Section } from '../../../ui/Page.tsx';
import { Facts, Table } from '../../../ui/Table.tsx';
import { incidentPath, type IncidentCtx } from './shared.ts';

function FindingsForm({ ctx }: { ctx: IncidentCtx }) {
  const f = ctx.incident.investigation?.findings;
  const form = useForm<Values>({
    causes: f?.causes ?? '',
    'losses.description': f?.losses.description ?? '',
    'losses.directLossFen': fenToYuanInput(f?.losses.directLossFen ?? ctx.incident.figures.directLossFen),
    lessons: f?.lessons ?? '',
    recommendations: f?.recommendations.join('\n') ?? '',
    responsibility: f?.responsibility ?? '',
  });
  return (
    <Form
      form={form}
      submitLabel={t('recovery.saveFindings')}
      onSubmit={async (v) => {
        const loss = String(v['losses.directLossFen']).trim();
        const body = {
          causes: String(v['causes']),
          losses: { description: String(v['losses.description']), directLossFen: loss === '' ? Number.NaN : (yuanToFen(loss) ?? Number.NaN) },
          lessons: String(v['lessons']),
          recommendations: lines(String(v['recommendations'])),
          responsibility: String(v['responsibility']),
        };
        await call<RecoveryView>('POST', incidentPath(ctx.incident.incidentId, '/investigation'), { body });
        ctx.changed(t('recovery.findingsSaved'));
      }}
    >
      <TextArea name="causes" label={t('recovery.causes')} required rows={4} />
      <TextArea name="losses.description" label={t('recovery.lossDescription')} required />
      <TextField name="losses.directLossFen" label={t('metric.directLossFen')} required inputMode="decimal" hint={t('hint.yuan')} />
      <TextArea name="lessons" label={t('recovery.lessons')} required />
      <TextArea name="recommendations" label={t('recovery.recommendations')} required hint={t('hint.onePerLine')} />
      <TextArea name="responsibility" label={t('recovery.responsibility')} required />
    </Form>
  );
}

function TaskForm({ ctx }: { ctx: IncidentCtx }) {
  const blank = { kind: 'loss-assessment', ownerDepartment: '', dueDate: '', description: '', key: newIdempotencyKey() };
  const form = useForm<Values>(blank);
  return (
    <Form
      form={form}
      submitLabel={t('recovery.addTask')}
      onSubmit={async (v) => {
        const description = String(v['description']).trim();
        const body = { kind: v['kind'], ownerDepartment: String(v['ownerDepartment']), dueDate: String(v['dueDate']), ...(description ? { description } : {}) };
        await call<RecoveryView>('POST', incidentPath(ctx.incident.incidentId, '/recovery-tasks'), { body, idempotencyKey: String(v['key']) });
        form.reset({ ...blank, key: newIdempotencyKey() });
        ctx.changed(t('recovery.taskAdded'));
      }}
    >
      <div class="field-grid">
        <Select name="kind" label={t('recovery.taskKind')} required options={RECOVERY_TASK_KINDS.map((k) => ({ value: k, label: label('taskKind', k) }))} />
        <TextField name="ownerDepartment" label={t('recovery.owner')} required />
        <TextField name="dueDate" type="date" label={t('recovery.dueDate')} required />
      </div>
      <TextArea name="description" label={t('recovery.description')} />
    </Form>
  );
}

function CompleteDialog({ ctx, taskId, onClose }: { ctx: IncidentCtx; taskId: string; onClose(): void }) {
  const form = useForm<Values>({ outcome: '' });
  return (
    <Dialog open title={t('recovery.complete')} onClose={onClose}>
      <Form
        form={form}
        submitLabel={t('recovery.complete')}
        onSubmit={async (v) => {
          const outcome = String(v['outcome']).trim();
          await call<RecoveryView>('POST', incidentPath(ctx.incident.incidentId, `/recovery-tasks/${encodeURIComponent(taskId)}/complete`), { body: outcome ? { outcome } : {} });
          onClose();
          ctx.changed(t('recovery.taskDone'));
        }}
      >
        <TextArea name="outcome" label={t('recovery.outcome')} />
      </Form>
    </Dialog>
  );
}

export function Recovery({ ctx }: { ctx: IncidentCtx }) {
  const i = ctx.incident;
  const inv = i.investigation;
  const tasks = i.recoveryTasks ?? [];
  const [completing, setCompleting] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const submit = async () => {
    setSubmitting(true);
    setProblem(null);
    try {
      await call<RecoveryView>('POST', incidentPath(i.incidentId, '/investigation/transitions'), { body: { action: 'submit' } });
      ctx.changed(t('recovery.submitted'));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setSubmitting(false);
    }
  };
  if (!inv && tasks.length === 0 && i.status !== 'recovery') return null;
  return (
    <Section title={t('recovery.title')} id="incident-recovery">
      {problem && <ProblemNotice problem={problem} />}
      {inv && (
        <>
          <h3>{t('recovery.investigation')}</h3>
          <Facts
            items={[
              [t('recovery.status'), <>{<StatusBadge status={inv.status} />} {inv.overdue && <Flag>{t('flag.investigationOverdue')}</Flag>}</>],
              [t('recovery.dueDate'), formatDate(inv.dueDate)],
              [t('recovery.openedAt'), formatDateTime(inv.openedAt)],
              ...(inv.findingsRecordedAt ? ([[t('recovery.findingsAt'), formatDateTime(inv.findingsRecordedAt)]] as [string, string][]) : []),
              ...(inv.submittedAt ? ([[t('recovery.submittedAt'), `${formatDateTime(inv.submittedAt)}${inv.submittedBy ? ` · ${inv.submittedBy.division} ${label('gov', inv.submittedBy.level)}` : ''}`]] as [string, string][]) : []),
            ]}
          />
          {inv.findings && (
            <Facts
              items={[
                [t('recovery.causes'), inv.findings.causes],
                [t('recovery.lossDescription'), `${inv.findings.losses.description} (${formatMoney(inv.findings.losses.directLossFen)})`],
                [t('recovery.lessons'), inv.findings.lessons],
                [t('recovery.recommendations'), inv.findings.recommendations.join('; ')],
                [t('recovery.responsibility'), inv.findings.responsibility],
              ]}
            />
          )}
          {inv.status === 'open' && (
            <>
              <details class="disclosure">
                <summary>{inv.findings ? t('recovery.editFindings') : t('recovery.recordFindings')}</summary>
                <FindingsForm ctx={ctx} />
              </details>
              {inv.findings && (
                <p>
                  <Button variant="primary" busy={submitting} onClick={() => void submit()}>
                    {t('recovery.submit')}
                  </Button>{' '}
                  <span class="muted">{t('recovery.submitText')}</span>
                </p>
              )}
            </>
          )}
        </>
      )}
      <h3>{t('recovery.tasks')}</h3>
      {tasks.length === 0 ? (
        <p class="empty">{t('recovery.noTasks')}</p>
      ) : (
        <Table
          caption={t('recovery.tasks')}
          rows={tasks}
          rowKey={(x) => x.taskId}
          columns={[
            { header: t('recovery.taskKind'), cell: (x) => label('taskKind', x.kind) },
            { header: t('recovery.owner'), cell: (x) => x.ownerDepartment },
            { header: t('recovery.dueDate'), cell: (x) => <>{formatDate(x.dueDate)} {x.overdue && x.status === 'open' && <Flag>{t('flag.overdue')}</Flag>}</> },
            { header: t('recovery.status'), cell: (x) => (x.status === 'done' ? <Badge tone="good">{t('recovery.doneAt', { at: formatDateTime(x.completedAt ?? '') })}</Badge> : <StatusBadge status={x.status} />) },
            { header: t('recovery.outcome'), cell: (x) => x.outcome ?? x.description ?? '—' },
            { header: t('table.actions'), cell: (x) => (x.status === 'open' ? <Button onClick={() => setCompleting(x.taskId)}>{t('recovery.complete')}</Button> : '—') },
          ]}
        />
      )}
      {i.status !== 'archived' && (
        <details class="disclosure">
          <summary>{t('recovery.addTask')}</summary>
          <TaskForm ctx={ctx} />
        </details>
      )}
      {completing && <CompleteDialog ctx={ctx} taskId={completing} onClose={() => setCompleting(null)} />}
    </Section>
  );
}
