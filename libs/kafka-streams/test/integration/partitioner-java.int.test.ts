// Records must land on the same partitions as a Java producer (and Kafka Streams) would put them, so
// Java and Node applications can share co-partitioned topics. Compared against the real kafka-clients jar.
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureJars } from '../../../../tools/kafka/process-broker.ts';
import { murmur2, partitionForKey } from '../../src/internal/engine/partitioner.js';

const javaAvailable = spawnSync('java', ['-version']).status === 0;
// The broker's classpath (kafka-clients included), resolved from Maven Central once and cached.
const jarsDir = javaAvailable ? ensureJars() : '';
const PARTITION_COUNTS = [1, 3, 7, 12, 100];

const PROBE = `
import org.apache.kafka.common.utils.Utils;
import java.util.HexFormat;

public class Probe {
  public static void main(String[] args) {
    int[] counts = { ${PARTITION_COUNTS.join(', ')} };
    for (String hex : args) {
      byte[] key = HexFormat.of().parseHex(hex.equals("-") ? "" : hex);
      int hash = Utils.murmur2(key);
      StringBuilder line = new StringBuilder(hex).append(' ').append(hash);
      for (int n : counts) line.append(' ').append(Utils.toPositive(hash) % n);
      System.out.println(line);
    }
  }
}
`;

const keys: Buffer[] = [
  Buffer.alloc(0),
  Buffer.from('a'),
  Buffer.from('ab'),
  Buffer.from('abc'),
  Buffer.from('abcd'),
  Buffer.from('hello world'),
  Buffer.from('user-42'),
  Buffer.from('ünïcødé ✓'),
  Buffer.from([0xff, 0x00, 0x80, 0x7f, 0x01]),
  Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), // a Java LongSerializer key
  ...Array.from({ length: 40 }, (_, i) => Buffer.from(`key-${i * 7919}`)),
];

const describeIfJava = javaAvailable ? describe : describe.skip;
if (!javaAvailable) process.stderr.write('[partitioner-java] skipped: no `java` on PATH\n');

describeIfJava('partitionForKey against the Java client', () => {
  it('computes the same murmur2 hash and partition as org.apache.kafka.common.utils.Utils', () => {
    const dir = mkdtempSync(join(tmpdir(), 'murmur2-probe-'));
    try {
      writeFileSync(join(dir, 'Probe.java'), PROBE);
      const args = keys.map((key) => (key.length === 0 ? '-' : key.toString('hex')));
      const stdout = execFileSync('java', ['-cp', `${jarsDir}/*`, join(dir, 'Probe.java'), ...args], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      const javaLines = stdout.trim().split('\n');
      const ours = keys.map((key) =>
        [
          key.length === 0 ? '-' : key.toString('hex'),
          murmur2(key),
          ...PARTITION_COUNTS.map((n) => partitionForKey(key, n)),
        ].join(' '),
      );
      expect(ours).toEqual(javaLines);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
