// Runs the library's integration tests on its @platformatic/kafka client (the `integration-platformatic` Jest
// project): the harness and the child-process fixtures read KAFKA_STREAMS_CLIENT, and children inherit it.
process.env['KAFKA_STREAMS_CLIENT'] = 'platformatic';
