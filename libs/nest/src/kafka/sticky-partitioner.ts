import type { ICustomPartitioner, Message } from 'kafkajs';

/**
 * Wraps a partitioner so that each message keeps the partition it was first given. kafkajs partitions a send
 * again on every internal retry, and its round-robin for null keys then hands a partition other messages under
 * the sequence numbers of a batch the broker may already have written: the broker answers "out of order
 * sequence number", or takes the new batch for a duplicate and drops it. With the partition fixed per message,
 * a retry resends the very same batch, which the broker deduplicates.
 */
export function stickyPartitioner(base: ICustomPartitioner): ICustomPartitioner {
  return () => {
    const choose = base();
    // Keyed by the message object: kafkajs passes the same objects on each retry of a send.
    const chosen = new WeakMap<Message, number>();
    return (args) => {
      const known = chosen.get(args.message);
      if (known !== undefined) return known;
      const partition = choose(args);
      chosen.set(args.message, partition);
      return partition;
    };
  };
}
