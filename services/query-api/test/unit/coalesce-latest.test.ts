// coalesceLatest: at most one batch per period, latest value per key, first change at once.
import { describe, expect, it } from '@jest/globals';
import { TestScheduler } from 'rxjs/testing';
import { coalesceLatest } from '../../src/updates/coalesce-latest.js';

interface Change {
  readonly word: string;
  readonly count: number;
}

const changes: Record<string, Change> = {
  a: { word: 'fox', count: 1 },
  b: { word: 'fox', count: 2 },
  c: { word: 'dog', count: 1 },
  d: { word: 'fox', count: 3 },
  e: { word: 'cat', count: 7 },
};

function scheduler() {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('coalesceLatest', () => {
  it('sends the first change at once, then the latest per key once per period', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<Change>('a-b-c-d 20ms e', changes);
      const coalesced = source.pipe(coalesceLatest((c) => c.word, 10));
      expectObservable(coalesced).toBe('x 9ms y 16ms z', {
        x: [changes.a],
        y: [changes.d, changes.c],
        z: [changes.e],
      });
    });
  });

  it('sends nothing while nothing changes, and flushes what is pending on completion', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<Change>('a-b|', changes);
      expectObservable(source.pipe(coalesceLatest((c) => c.word, 10))).toBe('x--(y|)', {
        x: [changes.a],
        y: [changes.b],
      });
    });
  });

  it('passes errors on', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<Change>('a-#', changes, new Error('boom'));
      expectObservable(source.pipe(coalesceLatest((c) => c.word, 10))).toBe(
        'x-#',
        { x: [changes.a] },
        new Error('boom'),
      );
    });
  });
});
