import * as z from 'zod/mini';

/**
 * @internal An optional field that may also be `null`. No Bizmessage field besides the ids is marked
 * required, and Java-based senders commonly serialise unset fields as `null`: both must parse.
 */
export function nullish<T extends z.core.SomeType>(schema: T): z.ZodMiniOptional<z.ZodMiniNullable<T>> {
  return z.optional(z.nullable(schema));
}
