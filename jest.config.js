// Jest projects, selected with --selectProjects:
//   unit         *.test.ts      no broker, no containers; fast
//   integration  *.int.test.ts  a real Apache Kafka broker: KAFKA_BOOTSTRAP_SERVERS, else the process broker
//   integration-kafkajs  the library's integration tests again, on its kafkajs client (the default is platformatic)
//   e2e          *.e2e.test.ts  containers (Testcontainers, docker compose)
// TypeScript is transformed by SWC (no type checking here: `npm run typecheck` does that).

/** @type {import('@swc/jest').Options} */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2024',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    // Sources import './x.js' (NodeNext); Jest resolves the .ts file.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Tests run the workspace libraries from source, so no build is needed for unit tests.
    '^@streamkit/kafka-streams$': '<rootDir>/libs/kafka-streams/src/index.ts',
    '^@streamkit/kafka-streams/testing$': '<rootDir>/libs/kafka-streams/src/testing/index.ts',
    '^@streamkit/kafka-streams/(prometheus|opentelemetry)$':
      '<rootDir>/libs/kafka-streams/src/observability/$1/index.ts',
    '^@streamkit/nest$': '<rootDir>/libs/nest/src/index.ts',
    '^@streamkit/contracts$': '<rootDir>/contracts/src/index.ts',
    '^@streamkit/contracts/http$': '<rootDir>/contracts/src/http.ts',
    '^@streamkit/word-count/topology$': '<rootDir>/services/word-count/src/streams/word-count.topology.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.local/'],
  modulePathIgnorePatterns: ['<rootDir>/.local/', '<rootDir>/.landing-check/'],
};

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/support/integration-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/integration-global-teardown.ts',
      slowTestThreshold: 30,
    },
    {
      // The library's runtime suite again on the second client it supports (the first project runs it on the
      // default, platformatic): both must give the same answers. The tests of one client's own modules (named
      // kafkajs-* and platformatic-*) pick their client themselves and run once, in the first project.
      ...common,
      displayName: 'integration-kafkajs',
      testMatch: ['<rootDir>/libs/kafka-streams/test/integration/**/*.int.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '/(kafkajs|platformatic)-[^/]*\\.int\\.test\\.ts$'],
      setupFiles: ['<rootDir>/test/support/kafkajs-client.ts'],
      globalSetup: '<rootDir>/test/support/integration-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/integration-global-teardown.ts',
      slowTestThreshold: 30,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.test.ts'],
      slowTestThreshold: 120,
    },
  ],
};
