/** The changelog topic of a logged store: `<applicationId>-<storeName>-changelog`, as Kafka Streams names it. */
export const changelogTopicName = (applicationId: string, storeName: string): string =>
  `${applicationId}-${storeName}-changelog`;
