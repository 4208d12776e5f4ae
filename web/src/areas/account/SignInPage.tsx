// How to sign in on this host: the local host's sign-in page; on AWS, Cognito managed login for staff (offices,
// organisations, auditors) or for citizens, or the deployment's OIDC issuer; each through the authorization code flow
// with PKCE (auth/managed-login.ts). A sign-in that came back refused says why here.
import { useState } from 'preact/hooks';
import { signInProblem, startSignIn } from '../../auth/managed-login.ts';
import type { ProviderId } from '../../auth/oauth.ts';
import { config } from '../../config.ts';
import { t, type MessageKey } from '../../i18n/index.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { Button } from '../../ui/Button.tsx';
import { Info } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';

const CHOICES: Record<ProviderId, { title: MessageKey; lead: MessageKey; button: MessageKey }> = {
  staff: { title: 'signIn.staff', lead: 'signIn.staffLead', button: 'signIn.staffButton' },
  citizens: { title: 'signIn.citizen', lead: 'signIn.citizenLead', button: 'signIn.citizenButton' },
  oidc: { title: 'signIn.oidc', lead: 'signIn.oidcLead', button: 'signIn.oidcButton' },
};

function Choice({ id, next }: { id: ProviderId; next: string | undefined }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const c = CHOICES[id];
  return (
    <Section title={t(c.title)} id={`sign-in-${id}`}>
      <p>{t(c.lead)}</p>
      {failed && (
        <p class="notice notice-error" role="alert">
          {t('signIn.refused.failed')}
        </p>
      )}
      <Button
        variant="primary"
        busy={busy}
        onClick={() => {
          if (busy) return;
          setBusy(true);
          setFailed(false);
          startSignIn(id, next).catch(() => {
            setBusy(false);
            setFailed(true);
          });
        }}
      >
        {t(c.button)}
      </Button>
    </Section>
  );
}

export function SignInPage({ query }: { query?: URLSearchParams }) {
  const { signIn } = useStore(config);
  const s = useStore(session);
  const problem = useStore(signInProblem);
  const next = query?.get('next') ?? undefined;
  return (
    <Page title={t('page.signIn')}>
      {s && <Info>{t('signIn.already', { sub: s.sub })}</Info>}
      {problem && (
        <div class="notice notice-error" role="alert">
          <p class="notice-title">{t('signIn.failed')}</p>
          <p>{t(`signIn.refused.${problem.reason}` as MessageKey, { code: problem.code ?? '—' })}</p>
        </div>
      )}
      {signIn.kind === 'local' && (
        <>
          <p>{t('signIn.localLead')}</p>
          <p>
            <a class="btn btn-primary" href={signIn.url}>
              {t('signIn.localButton')}
            </a>
          </p>
        </>
      )}
      {signIn.kind === 'cognito' && (
        <>
          <p>{t('signIn.managedLead')}</p>
          <Choice id="staff" next={next} />
          <Choice id="citizens" next={next} />
        </>
      )}
      {signIn.kind === 'oidc' && (
        <>
          <p>{t('signIn.managedLead')}</p>
          <Choice id="oidc" next={next} />
        </>
      )}
      {signIn.kind === 'none' && <p>{t('signIn.none')}</p>}
    </Page>
  );
}
