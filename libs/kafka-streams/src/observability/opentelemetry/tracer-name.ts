export const TRACER_NAME = '@streamkit/kafka-streams';
