// Runs the library's integration tests on its kafkajs client (the `integration-kafkajs` Jest project; the
// `integration` project runs them on the default, platformatic): the harness and the child-process fixtures read
// KAFKA_STREAMS_CLIENT, and children inherit it.
process.env['KAFKA_STREAMS_CLIENT'] = 'kafkajs';
