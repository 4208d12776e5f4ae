// What claimants and offices both read of a compensation claim (rules 13-15): its facts, every computed due date with
// whether it has passed, the decision with its notice of remedies, and what to do next and by when in plain words.
import type { ComponentChild } from 'preact';
import type { Claim, ClaimDecision, DueDate, Reconsideration } from '../../api/types.ts';
import { formatDate, formatDateTime, formatMoney, label, language, t } from '../../i18n/index.ts';
import { useStore } from '../../store.ts';
import { Badge, Flag, StatusBadge } from '../../ui/Badge.tsx';
import { Facts, Table } from '../../ui/Table.tsx';

export const claimPath = (id: string, rest = '') => `/v1/claims/${encodeURIComponent(id)}${rest}`;
export const reconsiderationPath = (id: string, rest = '') => `/v1/reconsiderations/${encodeURIComponent(id)}${rest}`;

/** A due date's state: done, passed, or the date it runs to. */
export function dueState(d: DueDate): ComponentChild {
  if (d.done) return <Badge tone="good">{t('deadline.done')}</Badge>;
  if (d.passed) return <Flag>{t('deadline.passed')}</Flag>;
  return <Badge tone="attention">{t('deadline.open')}</Badge>;
}

export function DueDates({ deadlines, caption }: { deadlines: DueDate[]; caption: string }) {
  return (
    <Table
      caption={caption}
      rows={deadlines}
      rowKey={(d) => `${d.kind}:${d.from}`}
      columns={[
        { header: t('deadline.what'), cell: (d) => label('deadlineText', d.kind) },
        { header: t('deadline.due'), cell: (d) => <strong>{formatDate(d.due)}</strong> },
        { header: t('deadline.state'), cell: dueState },
        { header: t('deadline.from'), cell: (d) => formatDate(d.from) },
        { header: t('deadline.basis'), cell: (d) => <span class="small">{d.article}</span> },
      ]}
    />
  );
}

export function NextSteps({ steps }: { steps: string[] }) {
  if (steps.length === 0) return null;
  return (
    <section class="notice notice-info" aria-labelledby="next-steps">
      <h2 id="next-steps">{t('next.title')}</h2>
      <ul>
        {steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </section>
  );
}

export function sourceText(c: Claim): string {
  return c.source.kind === 'requisition' ? t('claim.fromRequisition', { id: c.source.requisitionId }) : t('claim.fromDeployment', { id: c.source.deploymentId });
}

/** The claim as filed: status, amounts, the heads claimed, documents and the bank account (masked). */
export function ClaimFacts({ c, bank }: { c: Claim; bank?: ComponentChild }) {
  return (
    <>
      <Facts
        items={[
          [t('claim.status'), <StatusBadge status={c.status} />],
          [t('claim.source'), sourceText(c)],
          [t('claim.claimed'), formatMoney(c.claimedFen)],
          [t('claim.approved'), c.approvedFen !== undefined ? formatMoney(c.approvedFen) : '—'],
          [t('claim.paid'), formatMoney(c.paidFen)],
          [t('claim.owed'), c.owedFen !== undefined ? formatMoney(c.owedFen) : '—'],
          [t('claim.submittedAt'), formatDateTime(c.submittedAt)],
          [t('claim.submissions'), String(c.submissions)],
          [t('claim.bankAccount'), bank ?? `${c.bankAccount.bank} · ${c.bankAccount.accountName} · ${c.bankAccount.accountNumber}`],
        ]}
      />
      <Table
        caption={t('claim.items')}
        rows={c.items.map((item, n) => ({ ...item, n }))}
        rowKey={(i) => String(i.n)}
        columns={[
          { header: t('claim.kind'), cell: (i) => label('claimKind', i.kind) },
          { header: t('claim.description'), cell: (i) => i.description },
          { header: t('claim.amount'), cell: (i) => formatMoney(i.amountFen), numeric: true },
        ]}
      />
      {c.documents.length > 0 && (
        <>
          <h3>{t('claim.documents')}</h3>
          <ul>
            {c.documents.map((d) => (
              <li key={`${d.kind}:${d.reference}`}>
                {label('documentKind', d.kind)}: {d.reference}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function Corrections({ corrections }: { corrections: Claim['corrections'] }) {
  if (corrections.length === 0) return null;
  return (
    <>
      {corrections.map((x) => (
        <div class="card" key={x.at}>
          <p>
            <strong>{t('correction.requestedAt', { at: formatDateTime(x.at) })}</strong>
            {x.resubmittedAt && <span class="muted"> · {t('correction.resubmittedAt', { at: formatDateTime(x.resubmittedAt) })}</span>}
          </p>
          <ul>
            {x.items.map((i) => (
              <li key={i.item}>
                <strong>{i.item}</strong>: {i.reason}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

/** A decision with its reasons and its notice of remedies (rule 14), in the chosen language. */
export function DecisionView({ d }: { d: ClaimDecision }) {
  const { lang } = useStore(language);
  return (
    <div class="card">
      <p>
        <StatusBadge status={d.outcome} /> {t('decision.amounts', { approved: formatMoney(d.approvedFen), claimed: formatMoney(d.claimedFen) })}
      </p>
      <p class="muted">{t('decision.by', { division: d.decidedBy.division, level: label('gov', d.decidedBy.level), at: formatDateTime(d.decidedAt) })}</p>
      {d.reasons.length > 0 && (
        <>
          <h3>{t('decision.reasons')}</h3>
          <ul>
            {d.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('decision.remedies')}</h3>
      <p class="prose">{lang === 'en' ? d.remedies.text.en : d.remedies.text['zh-CN']}</p>
      <p class="small muted">
        {t('decision.remediesFacts', {
          organ: `${d.remedies.reconsideration.organ.division} ${label('gov', d.remedies.reconsideration.organ.level)}`,
          days: d.remedies.reconsideration.within.days,
          months: d.remedies.litigation.within.months,
        })}
      </p>
    </div>
  );
}

export function ReconsiderationFacts({ r }: { r: Reconsideration }) {
  return (
    <Facts
      items={[
        [t('claim.status'), <StatusBadge status={r.status} />],
        [t('reconsideration.organ'), `${r.organ.division} · ${label('gov', r.organ.level)}`],
        [t('reconsideration.respondent'), `${r.respondent.division} · ${label('gov', r.respondent.level)}`],
        [t('reconsideration.procedure'), label('procedure', r.procedure)],
        [t('reconsideration.disputed'), formatMoney(r.disputedFen)],
        [t('reconsideration.submittedAt'), formatDateTime(r.submittedAt)],
        [t('reconsideration.grounds'), <span class="prose">{r.grounds}</span>],
        [t('reconsideration.request'), <span class="prose">{r.request}</span>],
        ...(r.decision
          ? ([
              [t('reconsideration.outcome'), `${label('status', r.decision.outcome)}${r.decision.variedFen !== undefined ? ` · ${formatMoney(r.decision.variedFen)}` : ''}`],
              [t('decision.reasons'), r.decision.reasons.join('; ')],
            ] as [string, ComponentChild][])
          : []),
      ]}
    />
  );
}
