// The citizen's home: what they can do here, each a link (what was requisitioned from them and their claims with the
// deadlines, volunteering, reporting), and what is there for everyone.
import { t, type MessageKey } from '../../i18n/index.ts';
import { Page, Section } from '../../ui/Page.tsx';

const LINKS: [string, MessageKey, MessageKey][] = [
  ['#/citizen/requisitions', 'nav.myRequisitions', 'citizen.requisitionsText'],
  ['#/citizen/claims', 'nav.myClaims', 'citizen.claimsText'],
  ['#/citizen/volunteer', 'nav.volunteer', 'citizen.volunteerText'],
  ['#/report', 'nav.report', 'citizen.reportText'],
  ['#/report/status', 'page.reportStatus', 'citizen.reportStatusText'],
];

export function CitizenHome() {
  return (
    <Page title={t('page.citizenHome')} lead={<p>{t('citizen.lead')}</p>}>
      <Section title={t('citizen.services')} id="citizen-services">
        <ul>
          {LINKS.map(([href, name, text]) => (
            <li key={href}>
              <a href={href}>{t(name)}</a>: {t(text)}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('area.now')} id="area-now">
        <ul>
          <li>
            <a href="#/">{t('nav.warnings')}</a>
          </li>
          <li>
            <a href="#/releases">{t('nav.releases')}</a>
          </li>
          <li>
            <a href="#/subscriptions">{t('nav.subscriptions')}</a>
          </li>
        </ul>
      </Section>
    </Page>
  );
}
