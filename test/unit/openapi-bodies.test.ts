// The OpenAPI document states every constraint the request schemas enforce: a body generated from the document's JSON
// Schema, as a generated client would send it, parses with the route's own schema, and every number it leaves behind is
// one DynamoDB stores (0, or a magnitude from 1e-130 to below 1e126), whatever tiny or huge number the client sent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/http/openapi.ts';
import { routeList } from '../../shared/http/routes.ts';
import { SchemaArbitraries, unstorableNumbers } from '../support/schema-arbitrary.ts';

type Json = Record<string, any>;

const doc = openApiDocument() as Json;
const arbitraries = new SchemaArbitraries(doc['components']['schemas']);
const bodyRoutes = routeList.filter((r) => r.body);

function bodyArbitrary(method: string, path: string): fc.Arbitrary<unknown> {
  return arbitraries.of(doc['paths'][path][method.toLowerCase()]['requestBody']['content']['application/json']['schema']);
}

describe('request bodies generated from the OpenAPI document', () => {
  it('covers every route with a body', () => {
    expect(bodyRoutes.map((r) => r.name)).toEqual(expect.arrayContaining(['createPlan', 'reportIncident', 'issueWarning', 'activateResponse', 'createRelease']));
  });

  it.each(bodyRoutes.map((r) => [r.name, r] as const))('%s: every schema-valid body parses, and leaves only storable numbers', (_name, route) => {
    fc.assert(
      fc.property(bodyArbitrary(route.method, route.path), (body) => {
        const parsed = route.body!.safeParse(body);
        expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), JSON.stringify(body)).toEqual([]);
        expect(unstorableNumbers(parsed.data)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('headers in the OpenAPI document', () => {
  it('declares Idempotency-Key as visible ASCII of 1-128 characters, as the server checks it', () => {
    for (const r of routeList.filter((x) => x.idempotent)) {
      const header = (doc['paths'][r.path][r.method.toLowerCase()]['parameters'] as Json[]).find((p) => p['in'] === 'header' && p['name'] === 'Idempotency-Key')!;
      expect(header['schema'], r.name).toEqual({ type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]{1,128}$' });
      const pattern = new RegExp(header['schema']['pattern']);
      expect(['plan-1', '~!', 'x'.repeat(128)].every((k) => pattern.test(k))).toBe(true);
      expect(['', 'plan 1', 'é', 'x'.repeat(129), 'a\tb'].some((k) => pattern.test(k))).toBe(false);
    }
  });
});

describe('numbers in the request schemas', () => {
  /** Every number or integer node of a request body's JSON Schema, with its path. */
  function numberNodes(node: Json, path: string, out: [string, Json][] = []): [string, Json][] {
    const resolved = node['$ref'] ? doc['components']['schemas'][String(node['$ref']).split('/').pop()!] : node;
    if (resolved['type'] === 'number' || resolved['type'] === 'integer') out.push([path, resolved]);
    for (const [k, v] of Object.entries(resolved['properties'] ?? {})) numberNodes(v as Json, `${path}.${k}`, out);
    if (resolved['additionalProperties'] && typeof resolved['additionalProperties'] === 'object') numberNodes(resolved['additionalProperties'], `${path}.*`, out);
    if (resolved['items']) numberNodes(resolved['items'], `${path}.[]`, out);
    for (const [i, p] of ((resolved['prefixItems'] ?? []) as Json[]).entries()) numberNodes(p, `${path}.${i}`, out);
    for (const alt of [...(resolved['anyOf'] ?? []), ...(resolved['oneOf'] ?? [])] as Json[]) numberNodes(alt, path, out);
    return out;
  }

  const nodes = bodyRoutes.flatMap((r) => numberNodes(doc['paths'][r.path][r.method.toLowerCase()]['requestBody']['content']['application/json']['schema'], r.name));

  it('are all bounded below and above, within what DynamoDB stores', () => {
    expect(nodes.length).toBeGreaterThan(10);
    for (const [path, n] of nodes) {
      if (n['enum']) {
        expect(unstorableNumbers(n['enum']), path).toEqual([]);
        continue;
      }
      expect(n['minimum'] ?? n['exclusiveMinimum'], path).toBeTypeOf('number');
      expect(n['maximum'] ?? n['exclusiveMaximum'], path).toBeTypeOf('number');
      expect(Math.abs(n['minimum'] ?? n['exclusiveMinimum']), path).toBeLessThan(1e126);
      expect(Math.abs(n['maximum'] ?? n['exclusiveMaximum']), path).toBeLessThan(1e126);
    }
  });

  it('keep a latitude of 1e-200 as 0 and refuse a radius of 5e-324 (the examples of issue 7)', async () => {
    const { issueWarningBody } = await import('../../shared/http/contracts/warnings.ts');
    const { reportIncidentBody } = await import('../../shared/http/contracts/incidents.ts');
    const report = {
      category: 'accident', type: 'gas', title: 'Gas', divisionCode: '110105', occurredAt: '2026-07-01T08:00:00+08:00',
      location: { lat: 1e-200, lng: -1e-200, address: 'Jianguo Road' },
      casualties: { deaths: 0, missing: 0, injured: 0, seriouslyInjured: 0 }, directLossFen: 0, affectedPopulation: 0, description: 'x',
    };
    const parsed = reportIncidentBody.parse(report);
    expect(parsed.location).toEqual({ lat: 0, lng: 0, address: 'Jianguo Road' });
    expect(Object.is(parsed.location.lng, -0)).toBe(false);
    const warning = (radiusKm: number) => ({
      level: '4', startsAt: '2026-07-01T08:00:00+08:00', hazards: ['x'], measures: ['y'], title: 'z',
      area: { divisions: ['110105'], circle: { lat: 39.9, lng: 116.4, radiusKm } },
    });
    expect(issueWarningBody.safeParse(warning(5e-324)).success).toBe(false);
    expect(issueWarningBody.safeParse(warning(0.01)).success).toBe(true);
  });
});
