package io.sluice.examples.stateful;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import java.io.Serializable;

/**
 * A per-key state machine over {@link KeyedEvent}s: it expects sequence numbers 0, 1, 2, ... and
 * counts events, duplicates or replays (a number below the expected one) and gaps (above it).
 * When the input ends (an event-time timer at {@code Long.MAX_VALUE}, which only the final
 * watermark reaches) it emits one line per key:
 * {@code <key> TAB <events> TAB <last seq> TAB <duplicates> TAB <gaps>}; with {@code reportEvery}
 * > 0 also a line {@code <key> TAB <events> TAB <last seq> TAB <duplicates> TAB <gaps> TAB running}
 * every that many events, for endless runs.
 */
public final class SequenceChecker extends KeyedProcessFunction<Long, KeyedEvent, String> {

    private static final long serialVersionUID = 1L;

    /** What the checker knows about one key. */
    public record KeyState(long events, long expectedSeq, long duplicates, long gaps) implements Serializable {
    }

    private final long reportEvery;
    private transient ValueState<KeyState> state;

    public SequenceChecker(long reportEvery) {
        this.reportEvery = reportEvery;
    }

    @Override
    public void open() {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("sequence", KeyState.class));
    }

    @Override
    public void processElement(KeyedEvent event, Context ctx, Collector<String> out) throws Exception {
        KeyState s = state.value();
        if (s == null) {
            s = new KeyState(0, 0, 0, 0);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        long duplicates = s.duplicates() + (event.seq() < s.expectedSeq() ? 1 : 0);
        long gaps = s.gaps() + (event.seq() > s.expectedSeq() ? 1 : 0);
        long expected = Math.max(s.expectedSeq(), event.seq() + 1);
        s = new KeyState(s.events() + 1, expected, duplicates, gaps);
        state.update(s);
        if (reportEvery > 0 && s.events() % reportEvery == 0) {
            out.collect(line(event.key(), s) + "\trunning");
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        out.collect(line(ctx.getCurrentKey(), state.value()));
    }

    static String line(long key, KeyState s) {
        return key + "\t" + s.events() + "\t" + (s.expectedSeq() - 1) + "\t" + s.duplicates() + "\t" + s.gaps();
    }
}
