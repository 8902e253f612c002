import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { kafkaClientConfig, kafkaConnectionOf, KafkaProducerModule } from '@streamkit/nest';
import { type ProducerConfig, SERVICE_NAME } from '../config.js';
import { BulkIngestion } from './bulk-ingestion.js';
import { SentenceMetrics } from './sentence-metrics.js';
import { SentencePublisher } from './sentence-publisher.js';
import { SentencesBodyPipe } from './sentences-body.pipe.js';
import { SentencesController } from './sentences.controller.js';

@Module({
  imports: [
    KafkaProducerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<ProducerConfig, true>) => ({
        connection: kafkaClientConfig(kafkaConnectionOf(config), SERVICE_NAME),
        sendTimeoutMs: config.get('KAFKA_SEND_TIMEOUT_MS', { infer: true }),
      }),
    }),
  ],
  controllers: [SentencesController],
  providers: [SentencePublisher, BulkIngestion, SentenceMetrics, SentencesBodyPipe],
})
export class SentencesModule {}
