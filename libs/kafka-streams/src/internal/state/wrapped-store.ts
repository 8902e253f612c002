// A layer over a store (its changelog, its cache, its typed facade): the wrapped store's name and lifecycle, passed
// through, for the layer to override only what it changes.
import type { StateStore } from '../../state/store.js';

export abstract class WrappedStore<Inner extends StateStore> implements StateStore {
  constructor(protected readonly inner: Inner) {}

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }
  open(): Promise<void> {
    return this.inner.open();
  }
  isOpen(): boolean {
    return this.inner.isOpen();
  }
  flush(): Promise<void> {
    return this.inner.flush();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
