// OpenAPI 3.1 generated from the route table and its zod schemas: the document cannot drift from the code.
import * as z from 'zod/mini';
import { IDEMPOTENCY_KEY, problemSchema } from './contracts/common.ts';
import { built } from './contracts/routing.ts';
import { routeList, type NamedRoute } from './routes.ts';

type Json = Record<string, unknown>;

function hoist(schema: z.ZodMiniType, io: 'input' | 'output', components: Json): Json {
  const raw = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  const defs = (raw['$defs'] ?? {}) as Json;
  delete raw['$defs'];
  delete raw['$schema'];
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node && typeof node === 'object') {
      const out: Json = {};
      for (const [k, v] of Object.entries(node)) {
        out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : rewrite(v);
      }
      return out;
    }
    return node;
  };
  for (const [name, def] of Object.entries(defs)) {
    const key = io === 'input' || components[name] === undefined ? name : name;
    components[key] = rewrite(def);
  }
  return rewrite(raw) as Json;
}

function parameters(lazy: z.ZodMiniType | undefined, where: 'path' | 'query', components: Json): Json[] {
  const schema = lazy && built(lazy);
  if (!schema || !(schema instanceof z.ZodMiniObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodMiniType>).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || !s.safeParse(undefined).success,
    schema: hoist(s, 'input', components),
  }));
}

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

function operation(route: NamedRoute, components: Json): Json {
  const op: Json = {
    operationId: route.name,
    summary: route.summary,
    tags: [route.fn],
    parameters: [
      ...parameters(route.params, 'path', components),
      ...parameters(route.query, 'query', components),
      ...(route.ifMatch
        ? [{ name: 'If-Match', in: 'header', required: route.ifMatch === 'required', description: 'The ETag of your last read, or *', schema: { type: 'string', pattern: '^("\\d{1,12}"|\\*)$' } }]
        : []),
      ...(route.idempotent
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Repeating a request with the same key and body replays the first answer; visible ASCII only',
              schema: { type: 'string', minLength: 1, maxLength: 128, pattern: IDEMPOTENCY_KEY.source },
            },
          ]
        : []),
    ],
    responses: {
      [String(route.response.status)]: {
        description: 'Success',
        ...(route.response.schema ? { content: { 'application/json': { schema: hoist(route.response.schema, 'output', components) } } } : {}),
      },
      '4XX': { description: 'Refused; see code', content: problemContent },
      '5XX': { description: 'Failed; retry later', content: problemContent },
    },
  };
  if (route.body) op['requestBody'] = { required: true, content: { 'application/json': { schema: hoist(route.body, 'input', components) } } };
  if (route.auth === 'public') op['security'] = [];
  else op['x-roles'] = route.auth;
  return op;
}

export function openApiDocument(serverUrl = '/'): Json {
  const components: Json = {};
  hoist(problemSchema, 'output', components);
  const paths: Record<string, Json> = {};
  for (const route of routeList) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route, components);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Emergency response coordination API',
      version: '1.0.0',
      description:
        'Emergency plans and drills, incidents, four-level warnings (JSON, CAP 1.2, Atom), graded response I-IV, requisition and compensation with reconsideration, social forces, volunteers and deployments, citizen reports and rumour rebuttals, information reporting between governments, recovery and investigation, retention assessments, the audit trail and the personal-data reveal. Errors are RFC 9457 problem+json, in English or Chinese by Accept-Language.',
    },
    servers: [{ url: serverUrl }],
    security: [{ cognito: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token (locally: npm run token)' } },
    },
  };
}
