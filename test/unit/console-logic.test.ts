// The console's pure parts: money typed in yuan becomes integer fen, China Standard Time inputs become ISO 8601 with
// offset, the map's projection fits shapes, form errors land on their fields, and the offline outbox sends each
// submission once with the key of its first submit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cstInputToIso, cstToday, fenToYuanInput, isoToCstInput, lines, yuanToFen } from '../../web/src/format.ts';
import { boundsOf, fitZoom, kmToPx, project, tilesFor, tileUrl } from '../../web/src/map/projection.ts';
import { Outbox, type KeyValueStorage, type SendResult, type Submission } from '../../web/src/offline/outbox.ts';
import { attach, fieldPath } from '../../web/src/ui/form.ts';

describe('money and time as typed', () => {
  it('reads yuan with up to two decimals as integer fen, without floating point error', () => {
    expect(yuanToFen('1234.56')).toBe(123456);
    expect(yuanToFen('1,000,000.50')).toBe(100000050);
    expect(yuanToFen('¥0.1')).toBe(10);
    expect(yuanToFen('0.29')).toBe(29);
    for (const bad of ['', 'abc', '1.234', '-5', '1e3']) expect(yuanToFen(bad), bad).toBeUndefined();
  });

  it('round-trips any amount of fen through the yuan input', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 14 }), (fen) => yuanToFen(fenToYuanInput(fen)) === fen));
  });

  it('reads a datetime-local value as China Standard Time and writes it back the same', () => {
    expect(cstInputToIso('2026-06-01T08:30')).toBe('2026-06-01T08:30:00+08:00');
    expect(new Date(cstInputToIso('2026-06-01T08:30')!).toISOString()).toBe('2026-06-01T00:30:00.000Z');
    expect(isoToCstInput('2026-06-01T00:30:00Z')).toBe('2026-06-01T08:30');
    expect(cstInputToIso('yesterday')).toBeUndefined();
    expect(cstToday(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('splits one item per line, dropping blank lines', () => {
    expect(lines(' a \n\n b\n')).toEqual(['a', 'b']);
  });
});

describe('the map panel projection', () => {
  it('puts north up and east right, and fits the shapes at the highest zoom that holds them', () => {
    const a = project({ lat: 39.9, lng: 116.4 }, 12);
    const b = project({ lat: 40.0, lng: 116.5 }, 12);
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y).toBeLessThan(a.y);
    const bounds = boundsOf([{ lat: 39.9, lng: 116.4 }], [{ lat: 39.95, lng: 116.45, radiusKm: 5 }])!;
    const z = fitZoom(bounds, 560, 280);
    const sw = project({ lat: bounds.south, lng: bounds.west }, z);
    const ne = project({ lat: bounds.north, lng: bounds.east }, z);
    expect(ne.x - sw.x).toBeLessThanOrEqual(560);
    const sw2 = project({ lat: bounds.south, lng: bounds.west }, z + 1);
    const ne2 = project({ lat: bounds.north, lng: bounds.east }, z + 1);
    expect(ne2.x - sw2.x > 560 || sw2.y - ne2.y > 280).toBe(true);
    expect(kmToPx(5, 39.95, z)).toBeGreaterThan(0);
  });

  it('covers the view with tiles and fills the tile URL template', () => {
    const tiles = tilesFor({ x: 300, y: 300, width: 640, height: 360 }, 3);
    expect(tiles.length).toBeGreaterThanOrEqual(6);
    expect(tiles.every((t) => t.x >= 0 && t.x < 8 && t.y >= 0 && t.y < 8)).toBe(true);
    expect(tileUrl('https://t{s}.example/{z}/{x}/{y}.png', { x: 1, y: 2, z: 3 })).toBe('https://t3.example/3/1/2.png');
  });
});

describe('form errors', () => {
  it('puts each errors[].path next to its field, or the nearest enclosing one', () => {
    expect(fieldPath('body.casualties.deaths')).toBe('casualties.deaths');
    const errors = attach(
      [
        { path: 'body.casualties.deaths', message: 'not a number' },
        { path: 'body.measures.2', message: 'too long' },
        { path: 'body.unknownField', message: 'unknown' },
      ],
      ['casualties.deaths', 'measures', 'title'],
    );
    expect(errors.map((e) => e.field)).toEqual(['casualties.deaths', 'measures', undefined]);
  });
});

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const report = (key: string) => ({ kind: 'incident-report', method: 'POST' as const, path: '/v1/incidents', body: { title: key }, idempotencyKey: key, summary: key });

describe('the offline outbox', () => {
  it('keeps a submission across page loads and sends it with the key of its first submit', async () => {
    const storage = memoryStorage();
    const sent: Submission[] = [];
    new Outbox('incident-report', storage, async () => ({ outcome: 'retry' })).add(report('key-1'));
    // A new page (a reload) finds it in storage and sends it.
    const outbox = new Outbox('incident-report', storage, async (s) => {
      sent.push(s);
      return { outcome: 'sent', result: { incidentId: 'i-1' } };
    });
    const delivered = await outbox.flush();
    expect(sent.map((s) => s.idempotencyKey)).toEqual(['key-1']);
    expect(delivered.map((d) => d.result)).toEqual([{ incidentId: 'i-1' }]);
    expect(outbox.list()).toEqual([]);
  });

  it('sends nothing twice when flushes overlap (two online events)', async () => {
    const storage = memoryStorage();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const outbox = new Outbox('x', storage, async (): Promise<SendResult> => {
      calls++;
      await gate;
      return { outcome: 'sent', result: null };
    });
    outbox.add(report('k'));
    const a = outbox.flush();
    const b = outbox.flush();
    release();
    await Promise.all([a, b]);
    expect(calls).toBe(1);
  });

  it('keeps what got no answer for the next flush, keeps what was refused aside, and stops at the first unanswered', async () => {
    const storage = memoryStorage();
    const answers: Record<string, SendResult> = {
      refused: { outcome: 'refused', refusal: { title: 'The request is not valid', status: 400 } },
      offline: { outcome: 'retry' },
    };
    const tried: string[] = [];
    const outbox = new Outbox('x', storage, async (s) => {
      tried.push(s.idempotencyKey);
      return answers[s.idempotencyKey] ?? { outcome: 'sent', result: null };
    });
    outbox.add(report('refused'));
    outbox.add(report('offline'));
    outbox.add(report('later'));
    await outbox.flush();
    expect(tried).toEqual(['refused', 'offline']);
    expect(outbox.list().map((s) => [s.idempotencyKey, s.state])).toEqual([
      ['refused', 'refused'],
      ['offline', 'waiting'],
      ['later', 'waiting'],
    ]);
    delete answers['offline'];
    await outbox.flush();
    expect(tried).toEqual(['refused', 'offline', 'offline', 'later']);
    expect(outbox.list().map((s) => s.idempotencyKey)).toEqual(['refused']);
  });

  it('queues a double submit of the same key once', () => {
    const outbox = new Outbox('x', memoryStorage(), async () => ({ outcome: 'retry' }));
    outbox.add(report('same'));
    outbox.add(report('same'));
    expect(outbox.list()).toHaveLength(1);
  });
});
