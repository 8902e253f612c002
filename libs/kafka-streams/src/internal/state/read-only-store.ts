// A read-only view of a store: what processors get for a global store, which only its own processor may
// change (a write anywhere else would make this instance's copy differ from the topic). Reads pass through.
import type { StateStore } from '../../state/store.js';

const WRITES: ReadonlySet<PropertyKey> = new Set(['put', 'putIfAbsent', 'putAll', 'delete', 'remove']);
const LIFECYCLE: ReadonlySet<PropertyKey> = new Set(['open', 'flush', 'close']);

export function readOnlyStore<S extends StateStore>(store: S): S {
  return new Proxy(store, {
    get(target, property) {
      if (WRITES.has(property) || LIFECYCLE.has(property)) {
        return () => {
          throw new Error(`State store ${target.name} is read-only here: only its global store processor changes it`);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
