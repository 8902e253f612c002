// Listeners of global store updates (`streams.onGlobalStoreUpdate`, `driver.onGlobalStoreUpdate`): told
// after each record a global store's processor applied, e.g. to push changes to subscribers.
import type { GlobalStoreUpdate, GlobalStoreUpdateListener } from '../../runtime/global-store-update.js';
import type { StreamsLogger } from '../../runtime/logger.js';

export class GlobalUpdateListeners {
  private readonly byStore = new Map<string, Set<GlobalStoreUpdateListener<unknown, unknown>>>();

  constructor(private readonly logger: StreamsLogger) {}

  /** Registers a listener of one store; returns a function that removes it. */
  add<K, V>(store: string, listener: GlobalStoreUpdateListener<K, V>): () => void {
    let listeners = this.byStore.get(store);
    if (!listeners) this.byStore.set(store, (listeners = new Set()));
    // The caller claims the key and value types, as with interactive queries.
    const untyped = listener as GlobalStoreUpdateListener<unknown, unknown>;
    listeners.add(untyped);
    return () => void listeners.delete(untyped);
  }

  /** Tells the store's listeners; one that throws is logged and does not stop the others or processing. */
  notify(update: GlobalStoreUpdate<unknown, unknown>): void {
    for (const listener of this.byStore.get(update.store) ?? []) {
      try {
        listener(update);
      } catch (error) {
        this.logger.warn('a global store update listener threw; ignored', {
          store: update.store,
          partition: update.partition,
          offset: update.offset.toString(),
          error: String(error),
        });
      }
    }
  }
}
