// Configuration, read from the environment once per process and validated; a missing setting fails at start with its name.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig<S extends z.core.$ZodShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodMiniObject<S>> {
  // Parsed once per process: jitless spares zod compiling a fast path for it (~1.5 ms of every cold start).
  const schema = z.object(shape);
  const parsed = schema.safeParse(env, { jitless: true });
  if (!parsed.success) {
    // zod/mini has no wording of its own (every issue says "Invalid input"): a failed start says what is wrong in
    // zod's English, which only this path calls.
    const issues = schema.safeParse(env, { jitless: true, error: en().localeError }).error?.issues ?? parsed.error.issues;
    const names = issues.map((i) => `${i.path.join('.')} (${i.message})`);
    throw new ConfigError(`Missing or invalid configuration: ${names.join(', ')}`);
  }
  return parsed.data;
}

/** True inside AWS Lambda (the runtime sets this); the local host and tests run the same code without it. */
export function onLambda(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['AWS_LAMBDA_FUNCTION_NAME']);
}

/** Where the local host listens unless PORT says otherwise. */
export const LOCAL_BASE_URL = 'http://127.0.0.1:3000';

/**
 * The public address of the API (scheme, host and any stage prefix, no trailing slash), for the links of public,
 * cacheable documents: CAP <web>, Atom id and self. Configuration, never the request's Host or X-Forwarded-* headers,
 * which any caller can set and a cache would then serve to everyone. Required on Lambda (the CDK sets it); the local
 * host sets its own URL at start; tests and `npm run invoke` without a host get the default local URL.
 */
export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env['PUBLIC_BASE_URL'];
  if (!value) {
    if (onLambda(env)) throw new ConfigError('Missing or invalid configuration: PUBLIC_BASE_URL (required on AWS)');
    return LOCAL_BASE_URL;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('Missing or invalid configuration: PUBLIC_BASE_URL (not a URL)');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError('Missing or invalid configuration: PUBLIC_BASE_URL (an http(s) URL without query, fragment or credentials)');
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Settings every function reading or writing the table needs. */
export const tableSettings = {
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Only the local host sets this: DynamoDB Local's URL. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'cn-north-1'),
};

let cached: z.infer<z.ZodMiniObject<typeof tableSettings>> | undefined;
export function tableConfig() {
  cached ??= readConfig(tableSettings);
  return cached;
}
/** Tests that change the environment call this to read it afresh. */
export function resetConfigForTests() {
  cached = undefined;
}
