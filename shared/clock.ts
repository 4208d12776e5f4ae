// The one clock. Tests replace it; nothing else calls Date.now() for domain time.
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
