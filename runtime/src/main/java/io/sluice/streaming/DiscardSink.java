package io.sluice.streaming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops every record (for benchmarks); counts them so the work upstream cannot be optimized away. */
public final class DiscardSink<T> extends AbstractStreamOperator<Void> implements OneInputOperator<T, Void> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DiscardSink.class);

    private transient long count;

    @Override
    public void processElement(StreamRecord<T> record) {
        count++;
    }

    /** Records received so far by this instance. */
    public long count() {
        return count;
    }

    @Override
    public void close() {
        LOG.debug("{} discarded {} records", context == null ? "discard sink" : context.taskName(), count);
    }
}
