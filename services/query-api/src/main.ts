import { bootstrapService } from '@streamkit/nest';
import { AppModule } from './app.module.js';
import { queryApiAppOptions } from './query-api-app.js';
import { kafkaStreamsBackend } from './streams/kafka-streams.backend.js';

await bootstrapService(AppModule.forRoot(kafkaStreamsBackend), queryApiAppOptions(kafkaStreamsBackend));
