// Configuration, read from the environment once per process and validated; a missing setting fails at start with its name.
import * as z from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')} (${i.message})`);
    throw new ConfigError(`Missing or invalid configuration: ${names.join(', ')}`);
  }
  return parsed.data;
}

/** Settings every function reading or writing the table needs. */
export const tableSettings = {
  TABLE_NAME: z.string().min(1),
  /** Only the local host sets this: DynamoDB Local's URL. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('cn-north-1'),
};

let cached: z.infer<z.ZodObject<typeof tableSettings>> | undefined;
export function tableConfig() {
  cached ??= readConfig(tableSettings);
  return cached;
}
/** Tests that change the environment call this to read it afresh. */
export function resetConfigForTests() {
  cached = undefined;
}
