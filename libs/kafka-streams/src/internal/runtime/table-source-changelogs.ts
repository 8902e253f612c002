// builder.table() restores its store from its source topic, which is sound only when the broker keeps the latest
// record of every key there: a compacted topic. Java reuses the source topic only under topology optimization
// (reuse.ktable.source.topics) and otherwise gives the table a changelog of its own. Here the source topic is reused
// when it is compacted; any other cleanup policy (delete, compact,delete) gets the table's store a compacted
// changelog of its own (`<applicationId>-<store>-changelog`), decided at start from the topic's config. A store with
// logging disabled has no such fallback: start-up fails with what to change.
import type { AdminClient } from '../client/types.js';
import type { StateStore } from '../../state/store.js';
import type { SourceTopicStoreBuilder, StoreBuilder } from '../../state/stores.js';
import type { TopologyPlan } from '../topology/plan.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import { changelogTopicName } from '../../state/changelog-topic-name.js';
import { TopologyTopicsError } from '../../errors/exceptions.js';

/** `plan`, with every table store whose source topic is not compacted given a changelog of its own. */
export async function withTableSourceChangelogs(
  plan: TopologyPlan,
  admin: Pick<AdminClient, 'cleanupPolicies'>,
  options: { readonly applicationId: string; readonly logger: StreamsLogger },
): Promise<TopologyPlan> {
  const sources = [
    ...new Set(
      plan.subtopologies.flatMap((sub) => (sub.stores ?? []).flatMap((store) => store.sourceTopicChangelog ?? [])),
    ),
  ];
  if (sources.length === 0) return plan;
  const policies = await admin.cleanupPolicies(sources);
  const replace = (builder: StoreBuilder<StateStore>): StoreBuilder<StateStore> => {
    const topic = builder.sourceTopicChangelog;
    const policy = topic === undefined ? undefined : policies.get(topic);
    // A missing topic is reported by the topic layout (MissingSourceTopicError).
    if (topic === undefined || policy === undefined || policy === 'compact') return builder;
    const dedicated = (builder as SourceTopicStoreBuilder<StateStore>).withDedicatedChangelog;
    if (!dedicated) {
      throw new TopologyTopicsError(
        `The store ${builder.name} of builder.table('${topic}') is restored from ${topic}, whose cleanup.policy is ` +
          `'${policy}': a restore would miss every row the broker deleted. Set cleanup.policy=compact on ${topic}, ` +
          'or enable logging on the store so it gets a changelog of its own',
      );
    }
    options.logger.info('table source topic is not compacted: the table store gets a changelog of its own', {
      store: builder.name,
      sourceTopic: topic,
      cleanupPolicy: policy,
      changelog: changelogTopicName(options.applicationId, builder.name),
    });
    return dedicated();
  };
  return {
    ...plan,
    subtopologies: plan.subtopologies.map((sub) => (sub.stores ? { ...sub, stores: sub.stores.map(replace) } : sub)),
  };
}
