package io.sluice.connector.kafka;

/** What a {@link KafkaSink} promises about each record after failures. */
public enum DeliveryGuarantee {
    /** Records are sent and not waited for: a failure may lose those still in the producer's buffers. */
    NONE,
    /** Every checkpoint waits until Kafka has acknowledged everything sent before it: no loss; duplicates after a restore. */
    AT_LEAST_ONCE,
    /**
     * One Kafka transaction per checkpoint, committed when the checkpoint completes: {@code read_committed}
     * readers see every record once. Needs checkpoints and a transactional-id prefix unique to the job.
     */
    EXACTLY_ONCE
}
