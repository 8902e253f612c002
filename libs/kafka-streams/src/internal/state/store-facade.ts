import type { StateStore } from '../../state/store.js';

/** What every typed store passes straight through to the byte-level store under it. */
export abstract class StoreFacade<
  Inner extends StateStore & { approximateNumEntries(): number },
> implements StateStore {
  protected constructor(protected readonly bytes: Inner) {}

  get name(): string {
    return this.bytes.name;
  }
  get persistent(): boolean {
    return this.bytes.persistent;
  }
  open(): Promise<void> {
    return this.bytes.open();
  }
  isOpen(): boolean {
    return this.bytes.isOpen();
  }
  flush(): Promise<void> {
    return this.bytes.flush();
  }
  close(): Promise<void> {
    return this.bytes.close();
  }
  approximateNumEntries(): number {
    return this.bytes.approximateNumEntries();
  }
}
