import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repeatedTopLevelKey } from '../../src/kakao/talk-share/repeated-json-key.js';

// The scan agrees with JSON.parse about what the top-level keys are, whatever the values hold.
const entries = fc.uniqueArray(fc.tuple(fc.string(), fc.jsonValue({ maxDepth: 3 })), {
  selector: ([key]) => key,
  maxLength: 8,
});

describe('repeatedTopLevelKey', () => {
  it('finds nothing in JSON.stringify output (its keys are unique), whatever the values are', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const text = JSON.stringify(Object.fromEntries(list));
        expect(repeatedTopLevelKey(text)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('finds a repeated key wherever the repetition is, with any spacing', () => {
    fc.assert(
      fc.property(entries, fc.nat(), fc.jsonValue(), (list, at, value) => {
        fc.pre(list.length > 0);
        const [key] = list[at % list.length] as [string, unknown];
        const members = list.map(([name, item]) => `${JSON.stringify(name)} : ${JSON.stringify(item)}`);
        members.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
        expect(repeatedTopLevelKey(`{ ${members.join(' ,\n ')} }`)).toBe(key);
      }),
      { numRuns: 500 },
    );
  });
});
