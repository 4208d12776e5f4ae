// Settings of the host serving the console, read once from /config.json: how people sign in there, and the base-map
// tile URL template (off unless the host sets one, so the map never calls out by default).
import type { SignInSettings } from './auth/settings.ts';
import { store } from './store.ts';

export interface ConsoleConfig {
  /** The local host's sign-in page, Cognito managed login (staff and citizen pools), an OIDC issuer, or none. */
  signIn: SignInSettings;
  /** e.g. `https://t0.example/tiles/{z}/{x}/{y}.png`; null draws shapes on a plain grid. */
  tileUrl: string | null;
  /** Attribution the tile provider requires, shown under the map. */
  tileAttribution?: string;
}

export const DEFAULT_CONFIG: ConsoleConfig = { signIn: { kind: 'none' }, tileUrl: null };
export const config = store<ConsoleConfig>(DEFAULT_CONFIG);

export async function loadConfig(): Promise<void> {
  try {
    const res = await fetch('/config.json', { headers: { Accept: 'application/json' } });
    if (res.ok) config.set({ ...DEFAULT_CONFIG, ...((await res.json()) as Partial<ConsoleConfig>) });
  } catch {
    /* offline at start: keep the defaults, the console still works from what it has */
  }
}
