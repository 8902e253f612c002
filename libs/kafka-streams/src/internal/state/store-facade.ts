import type { StateStore } from '../../state/store.js';
import { WrappedStore } from './wrapped-store.js';

/** What every typed store passes straight through to the byte-level store under it. */
export abstract class StoreFacade<
  Inner extends StateStore & { approximateNumEntries(): number },
> extends WrappedStore<Inner> {
  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }
}
