import { Controller, Get, Inject } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { KafkaStreams, Topology } from '@streamkit/kafka-streams';
import { KAFKA_STREAMS_OPTIONS, type KafkaStreamsModuleOptions } from '@streamkit/nest';
import type { WordCountConfig } from '../config.js';
import { instanceReport } from './instance-report.js';
import { InstanceReportResponse, TopologyLayoutResponse } from './instance.openapi.js';
import { type TopologyLayout, topologyLayout } from './topology-layout.js';

/**
 * What this instance runs, for dashboards: its tasks with their lag and restore progress, and the topology.
 * Read-only, answered from this instance alone (a dashboard asks every instance).
 */
@ApiTags('state')
@Controller('state')
export class InstanceController {
  private readonly layout: TopologyLayout;
  private readonly applicationServer: string | null;
  private readonly instanceId: string;

  constructor(
    private readonly streams: KafkaStreams,
    @Inject(KAFKA_STREAMS_OPTIONS) options: KafkaStreamsModuleOptions,
    config: ConfigService<WordCountConfig, true>,
  ) {
    const { topology } = options;
    if (!(topology instanceof Topology)) throw new Error('word-count runs a Topology, not a hand-written plan');
    this.layout = topologyLayout(topology, config.get('APPLICATION_ID', { infer: true }));
    this.applicationServer = config.get('APPLICATION_SERVER', { infer: true });
    this.instanceId = config.get('INSTANCE_ID', { infer: true });
  }

  @Get('instance')
  @ApiOkResponse({ type: InstanceReportResponse, description: "This instance's state and tasks" })
  instance(): InstanceReportResponse {
    const members = this.streams.allMetadata().map(({ hostInfo }) => `${hostInfo.host}:${hostInfo.port}`);
    return instanceReport(this.streams.metrics(), this.layout, {
      instanceId: this.instanceId,
      applicationServer: this.applicationServer,
      members,
    }) as InstanceReportResponse;
  }

  @Get('topology')
  @ApiOkResponse({ type: TopologyLayoutResponse, description: 'The topology this instance runs' })
  topology(): TopologyLayoutResponse {
    return this.layout as TopologyLayoutResponse;
  }
}
