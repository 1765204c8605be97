// Lookup tables keyed by names taken from user code must not inherit Object.prototype: a Python
// identifier `constructor` or `__proto__` would otherwise find a function instead of nothing.

/** A frozen copy of `entries` with a null prototype, safe to index with any string. */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
