import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * Turns a fast stream of changes into at most one batch per `periodMs`, holding only the latest value per
 * key: a burst of 10,000 updates to 50 words becomes one batch of 50. A change after a quiet period goes
 * out at once; changes during the following `periodMs` wait for the end of it. The source's completion
 * flushes what is pending.
 */
export function coalesceLatest<T>(
  keyOf: (value: T) => string,
  periodMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): OperatorFunction<T, T[]> {
  return (source) =>
    new Observable<T[]>((subscriber) => {
      let pending = new Map<string, T>();
      let cooldown: Subscription | undefined;

      const flush = (): void => {
        const batch = [...pending.values()];
        pending = new Map();
        subscriber.next(batch);
      };
      const endOfCooldown = (): void => {
        cooldown = undefined;
        if (pending.size === 0) return;
        flush();
        cooldown = scheduler.schedule(endOfCooldown, periodMs);
      };

      const subscription = source.subscribe({
        next: (value) => {
          pending.set(keyOf(value), value);
          if (cooldown) return;
          flush();
          cooldown = scheduler.schedule(endOfCooldown, periodMs);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          cooldown?.unsubscribe();
          if (pending.size > 0) flush();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        cooldown?.unsubscribe();
      };
    });
}
