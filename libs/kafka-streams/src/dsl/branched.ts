// Branched (Java: org.apache.kafka.streams.kstream.Branched): how split().branch(...) names and handles a branch.
import type { KStream } from './kstream.js';

export interface BranchedAs<N extends string> {
  readonly kind: 'as';
  readonly name: N;
}

export interface BranchedWithFunction<K, V, R, N extends string> {
  readonly kind: 'function';
  readonly name: N | undefined;
  chain(stream: KStream<K, V>): R;
}

export interface BranchedWithConsumer<K, V, N extends string> {
  readonly kind: 'consumer';
  readonly name: N | undefined;
  chain(stream: KStream<K, V>): void;
}

export type AnyBranched<K, V> =
  BranchedAs<string> | BranchedWithFunction<K, V, unknown, string> | BranchedWithConsumer<K, V, string>;

export const Branched = {
  /** Names the branch: its key in the result map is `<split prefix><name>`. */
  as: <N extends string>(name: N): BranchedAs<N> => ({ kind: 'as', name }),
  /** Transforms the branch; the result is what the map holds for it. */
  withFunction: <K, V, R, N extends string = never>(
    chain: (stream: KStream<K, V>) => R,
    name?: N,
  ): BranchedWithFunction<K, V, R, N> => ({
    kind: 'function',
    name,
    chain,
  }),
  /** Consumes the branch (e.g. `s => s.to('topic')`); it is not in the result map. */
  withConsumer: <K, V, N extends string = never>(
    chain: (stream: KStream<K, V>) => void,
    name?: N,
  ): BranchedWithConsumer<K, V, N> => ({
    kind: 'consumer',
    name,
    chain,
  }),
} as const;

/**
 * The result-map entry a branch adds: keyed `<prefix><name>`, or `<prefix><index>` when unnamed. Without
 * a literal prefix (split() without Named) the keys are generated names, so the map is a string index.
 */
export type BranchEntry<P extends string, N extends string, R> = string extends P
  ? { readonly [key: string]: R }
  : [N] extends [never]
    ? { readonly [key in `${P}${number}`]: R }
    : { readonly [key in `${P}${N}`]: R };
