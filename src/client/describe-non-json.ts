/**
 * Why `value` would not survive `JSON.stringify` faithfully, or `undefined` when it would.
 *
 * Accepted: strings, finite numbers, booleans, null, arrays and plain objects of those, and objects with a
 * `toJSON()` method (such as `Date`) whose result is accepted. `undefined` object properties are accepted
 * and omitted, as `JSON.stringify` does. Rejected, with the path named: functions, symbols, bigints,
 * `NaN`/`Infinity`, `undefined` in arrays, circular references, and class instances such as `Map` or
 * `Set` (which would silently become `{}`).
 */
export function describeNonJson(
  value: unknown,
  path = '',
  seen: Set<object> = new Set(),
): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${where(path)} is ${value} (not representable in JSON)`;
    case 'undefined':
      return `${where(path)} is undefined`;
    case 'bigint':
    case 'symbol':
    case 'function':
      return `${where(path)} is a ${typeof value}`;
  }
  if (value === null) return undefined;
  const object = value as object;
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    return describeNonJson((object as { toJSON: (key: string) => unknown }).toJSON(''), path, seen);
  }
  if (seen.has(object)) return `${where(path)} is a circular reference`;
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      for (let index = 0; index < object.length; index++) {
        const problem = describeNonJson(object[index], `${path}[${index}]`, seen);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    const prototype = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      const kind = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      return `${where(path)} is a ${kind} instance (use a plain object or array)`;
    }
    for (const [key, item] of Object.entries(object)) {
      if (item === undefined) continue;
      const problem = describeNonJson(item, path === '' ? key : `${path}.${key}`, seen);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    seen.delete(object);
  }
}

function where(path: string): string {
  return path === '' ? 'the value' : path;
}
