// What the zod/mini schemas of the contracts share beyond zod itself: metadata for the OpenAPI document.
import * as z from 'zod/mini';

/**
 * A copy of the schema with metadata for the OpenAPI document (an `id` makes it a named component), as classic zod's
 * `.meta()` made: for a schema used elsewhere too (a lazy one, `text(200)`, `built(...)`), which stays as it was while
 * the copy inherits its own metadata. A schema built in the same expression takes `.register(z.globalRegistry, {...})`
 * itself. Not zod/mini's `z.meta()` check: a check is carried into every object extended from the schema, its id too.
 */
export function meta<T extends z.ZodMiniType>(schema: T, data: z.core.GlobalMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, data);
  return copy;
}
