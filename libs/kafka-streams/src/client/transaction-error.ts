// The one error a TransactionalProducer reports for "this transaction can no longer commit". The runtime
// answers it the same way whatever the cause: abort, close the task dirty, and start it again from what the
// broker committed. `fenced` tells whether another producer took the transactional id over (then another
// instance probably owns the task now, and starting it again here should wait for the next rebalance).
export class TransactionFailedError extends Error {
  override readonly name = 'TransactionFailedError';

  constructor(
    message: string,
    /** Another producer with the same transactional id was initialized after this one. */
    readonly fenced: boolean,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
