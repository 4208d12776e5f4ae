// Whether the browser believes it is online, as a store pages can show.
import { store } from '../store.ts';

export const online = store<boolean>(typeof navigator === 'undefined' ? true : navigator.onLine);
if (typeof addEventListener === 'function') {
  addEventListener('online', () => online.set(true));
  addEventListener('offline', () => online.set(false));
}
