// Type-level assertions for the consumer checks (no test framework: plain `tsc`).
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export function expectType<T extends true>(): T | undefined {
  return undefined;
}
