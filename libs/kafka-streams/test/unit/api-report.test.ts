// The public API is what api/*.api.md says, entry point by entry point: a change to an exported name or
// signature fails here until the report is regenerated (npm run api:update -w libs/kafka-streams) and the diff
// of the report is part of the change.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildDeclarations, ENTRY_POINTS, runApiReport } from '../api-report.js';

describe('API reports (api/*.api.md)', () => {
  beforeAll(() => buildDeclarations(), 180_000);

  it.each(ENTRY_POINTS.map((entryPoint) => [entryPoint === '' ? '(root)' : entryPoint, entryPoint]))(
    '%s matches the built declarations',
    (_name, entryPoint) => {
      const result = runApiReport(entryPoint, false);
      expect({ succeeded: result.succeeded, changed: result.changed }).toEqual({ succeeded: true, changed: false });
    },
  );
});
