// Entry of the console bundle: settings, the saved language, the return from a managed or OIDC sign-in, the offline
// outboxes, then the shell.
import { render } from 'preact';
import { App } from './app.tsx';
import { finishSignIn, wireRefresh } from './auth/managed-login.ts';
import { loadConfig } from './config.ts';
import { savedLanguage, setLanguage } from './i18n/index.ts';
import { wireOutboxes } from './offline/queue.ts';
import { refreshSession } from './session.ts';

async function start(): Promise<void> {
  const lang = savedLanguage();
  await Promise.all([loadConfig(), lang === 'zh-CN' ? Promise.resolve() : setLanguage(lang)]);
  document.documentElement.lang = lang;
  // The token is read again with this host's claim names (an OIDC issuer's may differ from Cognito's).
  refreshSession();
  await finishSignIn();
  wireRefresh();
  wireOutboxes();
  const root = document.getElementById('app');
  if (!root) throw new Error('no #app element');
  root.textContent = '';
  render(<App />, root);
}

void start();
