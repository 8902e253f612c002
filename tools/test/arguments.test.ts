import { describe, expect, it } from '@jest/globals';
import { parseArguments, UsageError } from './arguments.ts';

describe('parseArguments', () => {
  it('passes everything after the target to Jest', () => {
    expect(parseArguments(['all', '--json', '--outputFile=.local/ci/jest-results.json'])).toEqual({
      target: 'all',
      setupOnly: false,
      jestArguments: ['--json', '--outputFile=.local/ci/jest-results.json'],
    });
    expect(parseArguments(['unit', 'tools/'])).toEqual({ target: 'unit', setupOnly: false, jestArguments: ['tools/'] });
  });

  it('keeps --setup-only for itself', () => {
    expect(parseArguments(['e2e', '--setup-only'])).toEqual({ target: 'e2e', setupOnly: true, jestArguments: [] });
  });

  it('needs a target', () => {
    expect(() => parseArguments([])).toThrow(UsageError);
    expect(() => parseArguments(['everything'])).toThrow(/unknown target everything/);
  });
});
