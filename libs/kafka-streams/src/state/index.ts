export type { KeyValue, StateStore, KeyValueStore, ReadOnlyKeyValueStore } from './store.js';
export type { WindowStore, ReadOnlyWindowStore, SessionStore, ReadOnlySessionStore } from './typed-window-stores.js';
export { Stores, type StoreBuilder, type StoreContext, type BuiltStore, type StoreKind } from './stores.js';
export { StoreLockedError } from './leveldb-key-value-store.js';
export { changelogTopicName, type ChangelogSink } from './changelog.js';
export { readCheckpoint, writeCheckpoint, deleteCheckpoint, type ChangelogOffsets } from './checkpoint.js';
