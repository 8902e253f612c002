// split(): routes each record to the first branch whose predicate holds (Java: BranchedKStream).
import { passThroughProcessor, type BranchRoute } from '../internal/dsl/operators.js';
import type { BuildContext } from '../internal/dsl/build-context.js';
import type { AnyBranched, BranchEntry, BranchedAs, BranchedWithConsumer, BranchedWithFunction } from './branched.js';
import { KStream } from './kstream.js';
import type { Serde } from '../serde/serde.js';

export class BranchedKStream<K, V, P extends string, M extends object> {
  private index = 1;
  private finished = false;
  private readonly branches: { [key: string]: unknown } = {};

  /** @internal */
  constructor(
    private readonly context: BuildContext,
    private readonly splitterName: string,
    private readonly prefix: string,
    private readonly routes: BranchRoute<K, V>[],
    private readonly setDefault: (childName: string) => void,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
  ) {}

  branch<N extends string = never>(
    predicate: (key: K, value: V) => boolean,
    branched?: BranchedAs<N>,
  ): BranchedKStream<K, V, P, M & BranchEntry<P, N, KStream<K, V>>>;
  branch<R, N extends string = never>(
    predicate: (key: K, value: V) => boolean,
    branched: BranchedWithFunction<K, V, R, N>,
  ): BranchedKStream<K, V, P, M & BranchEntry<P, N, R>>;
  branch<N extends string = never>(
    predicate: (key: K, value: V) => boolean,
    branched: BranchedWithConsumer<K, V, N>,
  ): BranchedKStream<K, V, P, M>;
  branch(predicate: (key: K, value: V) => boolean, branched?: AnyBranched<K, V>): BranchedKStream<K, V, P, object> {
    const childName = this.addBranch(branched, this.index++);
    this.routes.push({ predicate, childName });
    return this;
  }

  /** Records matching no predicate go to a default branch (key `<prefix>0` unless named). */
  defaultBranch(): M & BranchEntry<P, '0', KStream<K, V>>;
  defaultBranch<N extends string>(branched: BranchedAs<N>): M & BranchEntry<P, N, KStream<K, V>>;
  defaultBranch<R, N extends string = '0'>(branched: BranchedWithFunction<K, V, R, N>): M & BranchEntry<P, N, R>;
  defaultBranch<N extends string = '0'>(branched: BranchedWithConsumer<K, V, N>): M;
  defaultBranch(branched?: AnyBranched<K, V>): object {
    this.setDefault(this.addBranch(branched, 0));
    return this.finish();
  }

  /** Records matching no predicate are dropped. */
  noDefaultBranch(): M {
    return this.finish() as M;
  }

  private addBranch(branched: AnyBranched<K, V> | undefined, index: number): string {
    if (this.finished)
      throw new Error(`split ${this.splitterName} is already finished (defaultBranch/noDefaultBranch was called)`);
    const childName = `${this.prefix}${branched?.name ?? index}`;
    this.context.topology.addProcessor(childName, passThroughProcessor(), this.splitterName);
    const stream = new KStream<K, V>(this.context, childName, this.keySerde, this.valueSerde);
    if (!branched || branched.kind === 'as') this.branches[childName] = stream;
    else if (branched.kind === 'function') this.branches[childName] = branched.chain(stream);
    else branched.chain(stream);
    return childName;
  }

  private finish(): object {
    this.finished = true;
    return { ...this.branches };
  }
}
