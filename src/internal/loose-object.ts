import * as z from 'zod/mini';

/**
 * @internal An object schema that keeps the fields it does not declare at run time, as `z.looseObject`
 * does, but is typed as `z.object` is: exact, without `z.looseObject`'s `[key: string]: unknown` index
 * signature.
 *
 * Why: payloads must keep fields the platform adds later (never strip or refuse them), but an index
 * signature makes every typo compile (`event.message.text` for `.body` is `unknown`, not an error). Extras
 * stay readable, explicitly, with `readExtraField`.
 *
 * @example
 * ```ts
 * const schema = looseObjectExactType({ hookId: z.string() });
 * schema.parse({ hookId: 'h', extra: 1 }); // { hookId: 'h', extra: 1 } at run time, typed { hookId: string }
 * ```
 */
export function looseObjectExactType<const Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
): ReturnType<typeof z.object<Shape>> {
  return z.looseObject(shape) as unknown as ReturnType<typeof z.object<Shape>>;
}
