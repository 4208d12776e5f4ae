// The local alert sink: stands in for SNS, prints one line per alert and keeps them for inspection.
import type { Alert, AlertPublisher } from '../../shared/alerts/outbox.ts';

export interface LocalSink extends AlertPublisher {
  readonly alerts: Alert[];
}

export function localSink(print: (line: string) => void = (l) => console.log(l)): LocalSink {
  const alerts: Alert[] = [];
  return {
    alerts,
    async publish(alert) {
      alerts.push(alert);
      print(`alert ${alert.type} division=${alert.division} category=${alert.category} level=${alert.level} id=${alert.eventId}`);
    },
  };
}
