// Citizen: what was requisitioned from me (matched by the identity number my sign-in verified), its state, when it
// must come back, and once it is back the documents a claim needs, given once and in writing; then the claim itself.
import { usePaged } from '../../api/paging.ts';
import type { Claim, Requisition } from '../../api/types.ts';
import { formatDateTime, label, t } from '../../i18n/index.ts';
import { Badge, Flag, StatusBadge } from '../../ui/Badge.tsx';
import { ButtonLink } from '../../ui/Button.tsx';
import { Page } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { Facts } from '../../ui/Table.tsx';
import { DocumentsNeeded, itemsText, RequisitionItems, returnText } from '../shared/requisitions.tsx';

function RequisitionCard({ r, claim }: { r: Requisition; claim: Claim | undefined }) {
  return (
    <article class="card">
      <div class="card-head">
        <StatusBadge status={r.status} />
        <h2 class="card-title">{itemsText(r)}</h2>
      </div>
      <Facts
        items={[
          [t('requisition.voucherNumber'), r.voucherNumber ?? t('requisition.noVoucherYet')],
          [t('requisition.takenAt'), formatDateTime(r.takenAt)],
          [t('requisition.unit'), r.requisitioningUnit],
          [t('requisition.by'), `${r.requisitionedBy.division} · ${label('gov', r.requisitionedBy.level)}`],
          [t('requisition.legalBasis'), r.legalBasis],
          [t('requisition.reason'), r.reason],
          [t('requisition.return'), <>{returnText(r)} {r.returnDeadline?.passed && !r.returned && <Flag>{t('flag.returnOverdue')}</Flag>}</>],
        ]}
      />
      <RequisitionItems r={r} />
      <DocumentsNeeded r={r} />
      {r.compensationCase && (
        <p class="button-row">
          {claim ? (
            <>
              <Badge tone="info">{t('requisition.claimFiled')}</Badge>
              <a href={`#/citizen/claims/${encodeURIComponent(claim.claimId)}`}>{t('requisition.seeClaim')}</a>
            </>
          ) : (
            <ButtonLink variant="primary" href={`#/citizen/requisitions/${encodeURIComponent(r.requisitionId)}/claim`}>
              {t('requisition.fileClaim')}
            </ButtonLink>
          )}
        </p>
      )}
    </article>
  );
}

export function MyRequisitionsPage() {
  const list = usePaged<Requisition>('/v1/me/requisitions', {});
  // My claims, to say which requisitions already have one (one claim per requisition and owner).
  const claims = usePaged<Claim>('/v1/me/claims', {}, { limit: 100 });
  const claimOf = (r: Requisition) => claims.items.find((c) => c.source.kind === 'requisition' && c.source.requisitionId === r.requisitionId);
  return (
    <Page title={t('page.myRequisitions')} lead={<p>{t('requisition.myLead')}</p>}>
      <PagedList list={list} empty={t('requisition.noneMine')}>
        {(items) => (
          <div>
            {items.map((r) => (
              <RequisitionCard key={r.requisitionId} r={r} claim={claimOf(r)} />
            ))}
          </div>
        )}
      </PagedList>
    </Page>
  );
}
