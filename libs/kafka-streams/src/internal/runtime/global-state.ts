// The global stores of this instance on disk (Java's GlobalStateManagerImpl): `<stateDir>/<applicationId>/global/`
// holds each persistent global store in a directory named after it, and one `.checkpoint` with the offsets,
// per partition of the stores' topics, that the stores are known to contain.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TopicPartitionMap } from '../topic-partition-map.js';
import { readCheckpoint, writeCheckpoint, type ChangelogOffsets, type CheckpointRead } from '../state/checkpoint.js';
import { StoreLockedError } from '../../errors/exceptions.js';
import type { StateStore } from '../../state/store.js';
import type { BuiltStore, StoreBuilder } from '../../state/stores.js';
import type { GlobalStorePlan } from '../topology/plan.js';
import type { StreamsLogger } from '../../runtime/logger.js';

export const globalStateDirectory = (stateDir: string, applicationId: string): string =>
  join(stateDir, applicationId, 'global');

interface GlobalStoreEntry {
  readonly builder: StoreBuilder<StateStore>;
  readonly topic: string;
  built: BuiltStore<StateStore>;
  /** False when the store had to start empty (no directory, or unreadable): checkpointed offsets do not apply. */
  intact: boolean;
}

export class GlobalState {
  readonly directory: string;
  private readonly entries = new Map<string, GlobalStoreEntry>();

  constructor(
    stateDir: string,
    applicationId: string,
    plans: ReadonlyArray<GlobalStorePlan>,
    private readonly logger: StreamsLogger,
  ) {
    this.directory = globalStateDirectory(stateDir, applicationId);
    for (const { storeBuilder: builder, topic } of plans) {
      this.entries.set(builder.name, { builder, topic, built: this.build(builder), intact: true });
    }
  }

  /**
   * Opens every store. A persistent store whose directory is missing starts empty; one that cannot be opened
   * (corrupt) is deleted and starts empty (logged). Another process holding the directory is fatal.
   */
  async open(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    for (const [name, entry] of this.entries) {
      if (entry.builder.persistent && !existsSync(this.storeDirectory(name))) entry.intact = false;
      try {
        await entry.built.store.open();
      } catch (error) {
        if (error instanceof StoreLockedError) throw error;
        this.logger.warn('global store cannot be opened; deleting it and restoring it from its topic', {
          store: name,
          error: String(error),
        });
        await this.wipe(name);
      }
    }
  }

  store(name: string): StateStore | undefined {
    return this.entries.get(name)?.built.store;
  }

  /** Whether offsets in the checkpoint describe what `name` holds (a persistent store that survived). */
  trustsCheckpoint(name: string): boolean {
    const entry = this.entries.get(name);
    return entry !== undefined && entry.builder.persistent && entry.intact;
  }

  readCheckpoint(): Promise<CheckpointRead> {
    return readCheckpoint(this.directory);
  }

  /** Deletes the store's data and reopens it empty (its checkpointed offsets no longer apply). */
  async wipe(name: string): Promise<void> {
    const entry = this.entries.get(name)!;
    await this.closeStore(name, entry);
    await rm(this.storeDirectory(name), { recursive: true, force: true });
    entry.built = this.build(entry.builder);
    entry.intact = false;
    await entry.built.store.open();
  }

  /**
   * Flushes every store, then records `offsets` (next offset per partition, taken before the flush) for the
   * topics of persistent stores.
   */
  async checkpoint(offsets: ChangelogOffsets): Promise<void> {
    for (const { built } of this.entries.values()) await built.store.flush();
    const persistentTopics = new Set(
      [...this.entries.values()].filter((e) => e.builder.persistent).map((e) => e.topic),
    );
    const kept = new TopicPartitionMap([...offsets].filter(([{ topic }]) => persistentTopics.has(topic)));
    if (kept.size > 0) await writeCheckpoint(this.directory, kept);
  }

  async close(): Promise<void> {
    for (const [name, entry] of this.entries) await this.closeStore(name, entry);
  }

  private build(builder: StoreBuilder<StateStore>): BuiltStore<StateStore> {
    return builder.build({
      taskDirectory: this.directory,
      changelog: {
        send: () => {
          throw new Error(`Global store ${builder.name} must not have logging enabled: its topic is its changelog`);
        },
      },
    });
  }

  /** Where a persistent store keeps its data (StoreContext: `<taskDirectory>/<store name>`). */
  private storeDirectory(name: string): string {
    return join(this.directory, name);
  }

  private async closeStore(name: string, entry: GlobalStoreEntry): Promise<void> {
    try {
      if (entry.built.store.isOpen()) await entry.built.store.close();
    } catch (error) {
      this.logger.warn('error while closing a global store', { store: name, error: String(error) });
    }
  }
}
