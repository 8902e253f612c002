import { ApiProperty } from '@nestjs/swagger';

class TaskRestoreDoc {
  @ApiProperty({ example: 1200 }) readonly restored!: number;
  @ApiProperty({ example: 800 }) readonly remaining!: number;
}

class TaskDoc {
  @ApiProperty({ description: 'Task id "<sub-topology>_<partition>"', example: '1_3' }) readonly id!: string;
  @ApiProperty({ example: 1 }) readonly subtopology!: number;
  @ApiProperty({ example: 3 }) readonly partition!: number;
  @ApiProperty({ enum: ['active', 'restoring', 'standby'] }) readonly role!: string;
  @ApiProperty({ description: 'Records behind (input for active tasks, changelog otherwise)', example: 4 })
  readonly lag!: number;
  @ApiProperty({ description: 'Input records processed on this instance since it got the task', example: 5120 })
  readonly processed!: number;
  @ApiProperty({ example: 0 }) readonly deadLettered!: number;
  @ApiProperty({ type: TaskRestoreDoc, nullable: true }) readonly restore!: TaskRestoreDoc | null;
}

class InstanceDoc {
  @ApiProperty({ description: 'APPLICATION_SERVER of the instance, or the host:port it was asked at' })
  readonly key!: string;
  @ApiProperty({ example: 'http://127.0.0.1:8081' }) readonly url!: string;
  @ApiProperty({ enum: ['up', 'unreachable'] }) readonly status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is unreachable' }) readonly error!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'word-count-1' }) readonly instanceId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'RUNNING' }) readonly state!: string | null;
  @ApiProperty({ type: [TaskDoc] }) readonly tasks!: TaskDoc[];
}

class ThroughputPointDoc {
  @ApiProperty({ description: 'Epoch milliseconds' }) readonly t!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Words counted per second, all instances' })
  readonly wordsIn!: number | null;
  @ApiProperty({ description: 'Count updates per second reaching query-api' }) readonly countsOut!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'End-to-end latency, median (ms)' })
  readonly latencyP50Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'End-to-end latency, 99th percentile (ms)' })
  readonly latencyP99Ms!: number | null;
}

class ThroughputDoc {
  @ApiProperty({ example: 300_000 }) readonly historyMs!: number;
  @ApiProperty({ type: [ThroughputPointDoc] }) readonly points!: ThroughputPointDoc[];
}

class DeadLetterDoc {
  @ApiProperty() readonly partition!: number;
  @ApiProperty({ example: '42' }) readonly offset!: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) readonly timestamp!: string;
  @ApiProperty({ type: String, nullable: true }) readonly key!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly value!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ProcessingError' }) readonly exception!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly message!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'sentences-2@1041' }) readonly source!: string | null;
}

class DeadLettersDoc {
  @ApiProperty({ example: 'word-count-dlq' }) readonly topic!: string;
  @ApiProperty({ enum: ['live', 'unavailable'] }) readonly status!: string;
  @ApiProperty({ type: String, nullable: true, example: 'topic word-count-dlq does not exist' })
  readonly reason!: string | null;
  @ApiProperty({ description: 'Dead letters in the topic' }) readonly count!: number;
  @ApiProperty({ type: [DeadLetterDoc], description: 'The latest few, newest first' })
  readonly latest!: DeadLetterDoc[];
}

export class DashboardSnapshotResponse {
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) readonly at!: string;
  @ApiProperty({ description: 'DASHBOARD_INTERVAL_MS', example: 1000 }) readonly intervalMs!: number;
  @ApiProperty({ type: [InstanceDoc], description: 'word-count instances, configured and discovered' })
  readonly instances!: InstanceDoc[];
  @ApiProperty({ type: ThroughputDoc }) readonly throughput!: ThroughputDoc;
  @ApiProperty({ type: DeadLettersDoc }) readonly deadLetters!: DeadLettersDoc;
}

class SubtopologyDoc {
  @ApiProperty() readonly id!: number;
  @ApiProperty({ type: [String] }) readonly sourceTopics!: string[];
  @ApiProperty({ type: [String] }) readonly stores!: string[];
}

export class TopologyResponse {
  @ApiProperty({ example: 'word-count' }) readonly applicationId!: string;
  @ApiProperty({ description: "Java's TopologyDescription text" }) readonly description!: string;
  @ApiProperty({ description: 'Mermaid flowchart of the same graph' }) readonly mermaid!: string;
  @ApiProperty({ type: [String], description: 'Repartition topics and changelogs, as named on the cluster' })
  readonly internalTopics!: string[];
  @ApiProperty({ type: [SubtopologyDoc] }) readonly subtopologies!: SubtopologyDoc[];
}
