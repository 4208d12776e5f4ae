// The health function: liveness, and the OpenAPI 3.1 document generated from the route table.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { routeList, type RouteName } from '../../shared/http/routes.ts';
import { handler } from '../../functions/health/handler.ts';
import { apiEvent } from '../support/api-events.ts';
import { invoke } from '../support/invoke.ts';

type Json = Record<string, any>;

const get = (name: RouteName, headers: Record<string, string> = {}) => invoke(handler, 'health', apiEvent(name, { caller: null, headers }));

describe('GET /v1/health', () => {
  it('answers 200 ok without a token, cacheable by the public', async () => {
    const r = await get('health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
    expect(r.headers['Content-Type']).toBe('application/json');
    expect(r.headers['Cache-Control']).toMatch(/^public/);
  });
});

describe('GET /v1/openapi.json', () => {
  let doc: Json;
  let components: Json;
  beforeAll(async () => {
    const r = await get('openapi');
    expect(r.status).toBe(200);
    doc = r.body;
    components = doc['components']['schemas'];
  });

  /** Follows a local $ref into components. */
  const resolve = (schema: Json): Json => {
    const ref = schema['$ref'] as string | undefined;
    if (!ref) return schema;
    expect(ref).toMatch(/^#\/components\/schemas\//);
    const target = components[ref.slice('#/components/schemas/'.length)];
    expect(target, ref).toBeDefined();
    return resolve(target);
  };
  const requestSchema = (path: string, method: string): Json =>
    resolve(doc['paths'][path][method.toLowerCase()]['requestBody']['content']['application/json']['schema']);

  it('is an OpenAPI 3.1 document that validates', async () => {
    expect(doc['openapi']).toMatch(/^3\.1\./);
    // validate() dereferences in place: give it a copy so the other tests see the document as served.
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.specification).toBe('OpenAPI');
  });

  it('describes every route of the route table with its method, and nothing else', () => {
    const documented = Object.entries(doc['paths'] as Json).flatMap(([path, ops]) =>
      Object.keys(ops as Json).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routeList.map((r) => `${r.method} ${r.path}`).sort());
    for (const r of routeList) {
      const op = doc['paths'][r.path][r.method.toLowerCase()];
      expect(op['operationId']).toBe(r.name);
      expect(op['responses'][String(r.response.status)], r.name).toBeDefined();
    }
  });

  it('marks public routes with security: [] and leaves the token requirement on every other route', () => {
    expect(doc['security']).toEqual([{ cognito: [] }]);
    expect(doc['components']['securitySchemes']['cognito']).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const r of routeList) {
      const op = doc['paths'][r.path][r.method.toLowerCase()];
      if (r.auth === 'public') expect(op['security'], r.name).toEqual([]);
      else {
        expect(op['security'], r.name).toBeUndefined();
        expect(op['x-roles'], r.name).toEqual(r.auth);
      }
    }
  });

  it('declares If-Match required where the route demands it and Idempotency-Key on creating POSTs', () => {
    for (const r of routeList) {
      const params = (doc['paths'][r.path][r.method.toLowerCase()]['parameters'] ?? []) as Json[];
      const header = (name: string) => params.find((p) => p['in'] === 'header' && p['name'] === name);
      if (r.ifMatch) expect(header('If-Match')?.['required'], r.name).toBe(r.ifMatch === 'required');
      else expect(header('If-Match'), r.name).toBeUndefined();
      expect(header('Idempotency-Key') !== undefined, r.name).toBe(r.idempotent === true);
    }
  });

  it('rejects unknown fields in the createPlan body, at every level of it', () => {
    // Prepare
    const body = requestSchema('/v1/plans', 'POST');
    const level = body['properties']['responseLevels']['additionalProperties'];

    // Assess
    expect(body['type']).toBe('object');
    expect(body['additionalProperties']).toBe(false);
    expect(body['required']).toEqual(expect.arrayContaining(['title', 'type', 'category', 'divisionCode', 'responseLevels']));
    expect(level['additionalProperties']).toBe(false);
    expect(level['properties']['thresholds']['additionalProperties']).toBe(false);
    expect(body['properties']['responseLevels']['propertyNames']['enum']).toEqual(['I', 'II', 'III', 'IV']);
  });

  it('rejects unknown fields in every request body (every variant of a discriminated body too)', () => {
    for (const r of routeList.filter((x) => x.body)) {
      const schema = requestSchema(r.path, r.method);
      const variants = (schema['oneOf'] ?? schema['anyOf'] ?? [schema]) as Record<string, unknown>[];
      for (const v of variants) expect(v['additionalProperties'], r.name).toBe(false);
    }
  });

  it('describes errors as problem+json', () => {
    expect(components['Problem']['required']).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code']));
    for (const r of routeList) {
      const op = doc['paths'][r.path][r.method.toLowerCase()];
      expect(op['responses']['4XX']['content']['application/problem+json']['schema'], r.name).toEqual({ $ref: '#/components/schemas/Problem' });
    }
  });
});
