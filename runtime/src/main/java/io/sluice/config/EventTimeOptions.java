package io.sluice.config;

import java.time.Duration;

/** Options of event-time processing; per job (StreamEnvironment.setJobConfiguration) or in sluice.yaml. */
public final class EventTimeOptions {

    private EventTimeOptions() {
    }

    public static final ConfigOption<Duration> AUTO_WATERMARK_INTERVAL = ConfigOptions.key("pipeline.auto-watermark-interval")
            .durationType()
            .defaultValue(Duration.ofMillis(200))
            .withDescription("How often assignTimestampsAndWatermarks asks its watermark generator for a watermark "
                    + "(processing time). Shorter intervals make windows fire sooner after their end at some CPU cost; "
                    + "0 disables periodic watermarks (only the final watermark at the end of input is emitted).");
}
