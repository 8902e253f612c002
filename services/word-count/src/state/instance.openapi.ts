import { ApiProperty } from '@nestjs/swagger';
import type { InstanceReport, TaskReport, TaskRole } from './instance-report.js';
import type { SubtopologyLayout, TopologyLayout } from './topology-layout.js';

export class TaskRestore {
  @ApiProperty({ description: 'Changelog records applied so far', example: 1200 })
  readonly restored!: number;

  @ApiProperty({ description: 'Changelog records still to apply', example: 800 })
  readonly remaining!: number;
}

export class TaskReportResponse implements TaskReport {
  @ApiProperty({ description: 'Task id: "<sub-topology>_<partition>"', example: '1_3' })
  readonly id!: string;

  @ApiProperty({ example: 1 })
  readonly subtopology!: number;

  @ApiProperty({ example: 3 })
  readonly partition!: number;

  @ApiProperty({ enum: ['active', 'restoring', 'standby'], example: 'active' })
  readonly role!: TaskRole;

  @ApiProperty({
    description:
      'Records behind: input not fetched yet (active), changelog records not applied yet (standby, restoring)',
    example: 12,
  })
  readonly lag!: number;

  @ApiProperty({ description: 'Input records processed here since this instance got the task', example: 5120 })
  readonly processed!: number;

  @ApiProperty({ description: 'Records sent to the dead-letter topic', example: 0 })
  readonly deadLettered!: number;

  @ApiProperty({ type: TaskRestore, nullable: true, description: 'Progress of a restoring task, else null' })
  readonly restore!: TaskRestore | null;
}

export class InstanceReportResponse implements InstanceReport {
  @ApiProperty({ description: 'INSTANCE_ID', example: 'word-count-1' })
  readonly instanceId!: string;

  @ApiProperty({
    type: [String],
    description: "Every group member's APPLICATION_SERVER (this one's included), as of the latest rebalance",
    example: ['127.0.0.1:8081', '127.0.0.1:8082'],
  })
  readonly members!: string[];

  @ApiProperty({ type: String, nullable: true, description: 'APPLICATION_SERVER', example: '127.0.0.1:8081' })
  readonly applicationServer!: string | null;

  @ApiProperty({ description: 'KafkaStreams state', example: 'RUNNING' })
  readonly state!: string;

  @ApiProperty({ description: 'Rebalances this instance took part in since start', example: 2 })
  readonly rebalances!: number;

  @ApiProperty({ type: [TaskReportResponse], description: 'Its tasks, by sub-topology then partition' })
  readonly tasks!: TaskReportResponse[];
}

export class SubtopologyLayoutResponse implements SubtopologyLayout {
  @ApiProperty({ example: 1 })
  readonly id!: number;

  @ApiProperty({ type: [String], example: ['word-count-words-repartition'] })
  readonly sourceTopics!: string[];

  @ApiProperty({ type: [String], example: ['word-counts', 'windowed-word-counts'] })
  readonly stores!: string[];
}

export class TopologyLayoutResponse implements TopologyLayout {
  @ApiProperty({ example: 'word-count' })
  readonly applicationId!: string;

  @ApiProperty({ description: "The topology as Java's TopologyDescription prints it" })
  readonly description!: string;

  @ApiProperty({ description: 'The same graph as a Mermaid flowchart' })
  readonly mermaid!: string;

  @ApiProperty({
    type: [String],
    description: 'Repartition topics and store changelogs, as named on the cluster',
    example: ['word-count-word-counts-changelog', 'word-count-words-repartition'],
  })
  readonly internalTopics!: string[];

  @ApiProperty({ type: [SubtopologyLayoutResponse] })
  readonly subtopologies!: SubtopologyLayoutResponse[];
}
