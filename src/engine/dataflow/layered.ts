// Persistent maps and sets for the data-flow values. Values are immutable and every statement's
// environment is kept (valueAt), so `df = df.drop(columns=[c])` must not copy the frame's column
// map and removed-column set per statement: 8,000 chained drops over 8,000 columns were 64 M
// entries. A derived version is a small layer of changes over its parent; lookups walk at most
// `maxDepth` layers, and a layer that deep is flattened into a plain Map first (once, cached, and
// shared by every version derived from it), so updates and lookups cost O(√n) amortised and the
// retained memory O(n√n) instead of O(n²). Iteration order is exactly that of a copied Map with the
// same operations applied (flattening replays them), so findings do not depend on the layering.

const DELETED: unique symbol = Symbol('deleted');
type Slot<V> = V | typeof DELETED;

/** Small maps are copied (cheaper than layers, and plain Maps for the common case). */
const COPY_BELOW = 64;

function maxDepth(size: number): number {
  return Math.max(16, Math.ceil(Math.sqrt(size)));
}

export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  private flat: Map<K, V> | undefined;
  readonly size: number;

  private constructor(
    private readonly parent: ReadonlyMap<K, V>,
    /** The operations of this layer in order (replayed when flattening). */
    private readonly ops: readonly (readonly [K, Slot<V>])[],
    /** The final state of each key this layer touches (for lookups). */
    private readonly own: Map<K, Slot<V>>,
    private readonly depth: number,
  ) {
    let size = parent.size;
    for (const [k, slot] of own) {
      const before = parent.has(k);
      const after = slot !== DELETED;
      if (before && !after) size--;
      else if (!before && after) size++;
    }
    this.size = size;
  }

  /** `base` with the operations applied in order (`undefined` value = delete), sharing `base`. */
  static update<K, V>(base: ReadonlyMap<K, V>, ops: readonly (readonly [K, V | undefined])[]): ReadonlyMap<K, V> {
    if (!ops.length) return base;
    if (base.size < COPY_BELOW && !(base instanceof LayeredMap)) {
      const out = new Map(base);
      for (const [k, v] of ops) {
        if (v === undefined) out.delete(k);
        else out.set(k, v);
      }
      return out;
    }
    let parent: ReadonlyMap<K, V> = base;
    let depth = 1;
    if (base instanceof LayeredMap) {
      if (base.depth >= maxDepth(base.size)) parent = base.flatten();
      else depth = base.depth + 1;
    }
    const slots = ops.map(([k, v]) => [k, v === undefined ? DELETED : v] as const);
    return new LayeredMap(parent, slots, new Map(slots), depth);
  }

  get(key: K): V | undefined {
    if (this.flat) return this.flat.get(key);
    const slot = this.own.get(key); // values are never undefined (undefined deletes)
    if (slot === undefined) return this.parent.get(key);
    return slot === DELETED ? undefined : slot;
  }

  has(key: K): boolean {
    if (this.flat) return this.flat.has(key);
    const slot = this.own.get(key);
    return slot === undefined ? this.parent.has(key) : slot !== DELETED;
  }

  private flatten(): Map<K, V> {
    if (!this.flat) {
      // Replay the layers down to the nearest flat ancestor onto one copy (flattening each
      // intermediate layer too would copy the map once per layer).
      const chain: LayeredMap<K, V>[] = [this];
      let base: ReadonlyMap<K, V> = this.parent;
      while (base instanceof LayeredMap && !base.flat) {
        chain.push(base);
        base = base.parent;
      }
      const out = new Map(base instanceof LayeredMap ? base.flat : base);
      for (let i = chain.length - 1; i >= 0; i--) {
        for (const [k, slot] of chain[i].ops) {
          if (slot === DELETED) out.delete(k);
          else out.set(k, slot);
        }
      }
      this.flat = out;
    }
    return this.flat;
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.flatten()) callback.call(thisArg, v, k, this);
  }
  entries(): MapIterator<[K, V]> {
    return this.flatten().entries();
  }
  keys(): MapIterator<K> {
    return this.flatten().keys();
  }
  values(): MapIterator<V> {
    return this.flatten().values();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.flatten()[Symbol.iterator]();
  }
}

/** A persistent set: a LayeredMap from each element to itself. */
export class LayeredSet<T> implements ReadonlySet<T> {
  private constructor(private readonly map: ReadonlyMap<T, T>) {}

  /** `base` with `add` added and then `remove` removed, sharing `base`. */
  static update<T>(base: ReadonlySet<T>, add: Iterable<T>, remove: Iterable<T> = []): ReadonlySet<T> {
    const ops: [T, T | undefined][] = [];
    for (const x of add) ops.push([x, x]);
    for (const x of remove) ops.push([x, undefined]);
    if (!ops.length) return base;
    if (base.size < COPY_BELOW && !(base instanceof LayeredSet)) {
      const out = new Set(base);
      for (const [x, v] of ops) {
        if (v === undefined) out.delete(x);
        else out.add(x);
      }
      return out;
    }
    const map: ReadonlyMap<T, T> = base instanceof LayeredSet ? base.map : new Map([...base].map((x) => [x, x]));
    return new LayeredSet(LayeredMap.update(map, ops));
  }

  get size(): number {
    return this.map.size;
  }
  has(value: T): boolean {
    return this.map.has(value);
  }
  forEach(callback: (value: T, value2: T, set: ReadonlySet<T>) => void, thisArg?: unknown): void {
    for (const x of this.map.keys()) callback.call(thisArg, x, x, this);
  }
  entries(): SetIterator<[T, T]> {
    return this.map.entries() as unknown as SetIterator<[T, T]>;
  }
  keys(): SetIterator<T> {
    return this.map.keys() as unknown as SetIterator<T>;
  }
  values(): SetIterator<T> {
    return this.map.keys() as unknown as SetIterator<T>;
  }
  [Symbol.iterator](): SetIterator<T> {
    return this.map.keys() as unknown as SetIterator<T>;
  }
}
