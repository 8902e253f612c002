// The topics a task's stores are restored from, which the group leader measures the copies' lags against: a logged
// store's own `<applicationId>-<store>-changelog`, and for a store whose source topic serves as its changelog
// (`builder.table()`), that topic. Partition p of each belongs to task <subtopology>_p.
import { changelogTopicName } from '../../state/changelog-topic-name.js';
import type { StateStore } from '../../state/store.js';
import type { StoreBuilder } from '../../state/stores.js';
import type { TopologyPlan } from '../topology/plan.js';

/** The topic the store of `builder` is restored from; undefined for a store kept without any. */
export function restoreTopic(builder: StoreBuilder<StateStore>, applicationId: string): string | undefined {
  return builder.loggingEnabled ? changelogTopicName(applicationId, builder.name) : builder.sourceTopicChangelog;
}

/** The topics the stores of sub-topology `subtopology` are restored from, each once. */
export function changelogTopics(plan: TopologyPlan, applicationId: string, subtopology: number): string[] {
  const stores = plan.subtopologies.find((s) => s.id === subtopology)?.stores ?? [];
  const topics = stores.map((builder) => restoreTopic(builder, applicationId));
  return [...new Set(topics.filter((topic) => topic !== undefined))];
}
