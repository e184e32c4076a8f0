package io.sluice.connector.kafka;

import java.io.Serializable;

/**
 * What an exactly-once writer stores in checkpoint {@code checkpointId}: the records of one Kafka
 * transaction that was flushed at that checkpoint but may not be committed yet, encoded by
 * {@link BufferedRecords}. The transaction itself may be gone after a failure (aborted when the
 * restored writer fences its transactional ids, or by the broker's transaction timeout); the records
 * here let the restored writer commit them again, once, in a transaction of its own.
 *
 * @param subtask the writer instance that prepared it, whose commit marker says whether it committed
 * @param run     the run of that writer (chosen at a fresh start, kept through restores); markers of
 *                other runs, e.g. an earlier job with the same prefix, do not count
 */
public record PreparedTransaction(long checkpointId, int subtask, String run, String transactionalId,
                                  int recordCount, byte[] records) implements Serializable {
}
