package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the runtime's option keys, types and defaults: operators' files depend on them. */
class RuntimeOptionsTest {

    @Test
    void keysTypesAndDefaults() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("heartbeat.interval", "Duration=1 s");
        expected.put("heartbeat.timeout", "Duration=10 s");
        expected.put("high-availability.type", "String=none");
        expected.put("io.tmp.dirs", "String=" + System.getProperty("java.io.tmpdir"));
        expected.put("jobmanager.bind-host", "String=null");
        expected.put("jobmanager.rpc.address", "String=localhost");
        expected.put("jobmanager.rpc.port", "Integer=6123");
        expected.put("jobstore.max-capacity", "Integer=1000");
        expected.put("parallelism.default", "Integer=1");
        expected.put("pipeline.auto-watermark-interval", "Duration=200 ms");
        expected.put("resourcemanager.driver", "Enum=standalone");
        expected.put("resourcemanager.process.java-options", "String=-Xmx512m");
        expected.put("resourcemanager.process.max-workers", "Integer=8");
        expected.put("resourcemanager.taskmanager-timeout", "Duration=30 s");
        expected.put("resourcemanager.taskmanagers.min", "Integer=0");
        expected.put("resourcemanager.worker-start-timeout", "Duration=2 min");
        expected.put("rest.address", "String=null");
        expected.put("rest.bind-address", "String=0.0.0.0");
        expected.put("rest.port", "Integer=8081");
        expected.put("rest.server.max-content-length", "MemorySize=100 mb");
        expected.put("restart-strategy.exponential-delay.attempts-before-reset-backoff", "Integer=2147483647");
        expected.put("restart-strategy.exponential-delay.backoff-multiplier", "Double=1.5");
        expected.put("restart-strategy.exponential-delay.initial-backoff", "Duration=1 s");
        expected.put("restart-strategy.exponential-delay.jitter-factor", "Double=0.1");
        expected.put("restart-strategy.exponential-delay.max-backoff", "Duration=1 min");
        expected.put("restart-strategy.exponential-delay.reset-backoff-threshold", "Duration=1 h");
        expected.put("restart-strategy.failure-rate.delay", "Duration=1 s");
        expected.put("restart-strategy.failure-rate.failure-rate-interval", "Duration=1 min");
        expected.put("restart-strategy.failure-rate.max-failures-per-interval", "Integer=1");
        expected.put("restart-strategy.fixed-delay.attempts", "Integer=3");
        expected.put("restart-strategy.fixed-delay.delay", "Duration=1 s");
        expected.put("restart-strategy.fixed-delay.reset-attempts-threshold", "Duration=1 h");
        // no default value: it depends on checkpointing (RestartStrategies), as documented
        expected.put("restart-strategy.type", "Enum=null");
        expected.put("rpc.ask.timeout", "Duration=10 s");
        expected.put("rpc.max-frame-size", "MemorySize=10 mb");
        expected.put("slot.request.timeout", "Duration=5 min");
        expected.put("task.cancellation.timeout", "Duration=30 s");
        expected.put("taskmanager.host", "String=null");
        expected.put("taskmanager.numberOfTaskSlots", "Integer=1");
        expected.put("taskmanager.registration.initial-backoff", "Duration=100 ms");
        expected.put("taskmanager.registration.max-backoff", "Duration=10 s");
        expected.put("taskmanager.registration.timeout", "Duration=5 min");
        expected.put("taskmanager.resource-id", "String=null");
        expected.put("taskmanager.rpc.port", "Integer=0");
        expected.put("web.upload.dir", "String=null");
        // checkpoints (CheckpointingOptions) and the exactly-once file sink (FileSinkOptions)
        expected.put("execution.checkpointing.dir", "String=null");
        expected.put("execution.checkpointing.externalized-checkpoint-retention", "Enum=delete-on-cancellation");
        expected.put("execution.checkpointing.interval", "Duration=null");
        expected.put("execution.checkpointing.max-concurrent-checkpoints", "Integer=1");
        expected.put("execution.checkpointing.min-pause", "Duration=0 ms");
        expected.put("execution.checkpointing.mode", "Enum=exactly-once");
        expected.put("execution.checkpointing.num-retained", "Integer=1");
        expected.put("execution.checkpointing.timeout", "Duration=10 min");
        expected.put("execution.checkpointing.tolerable-failed-checkpoints", "Integer=0");
        expected.put("execution.savepoint.ignore-unclaimed-state", "Boolean=false");
        expected.put("execution.savepoint.path", "String=null");
        expected.put("state.storage.fs.memory-threshold", "MemorySize=20 kb");
        expected.put("sink.rolling-policy.file-size", "MemorySize=128 mb");
        expected.put("sink.rolling-policy.rollover-interval", "Duration=30 min");
        // network (NetworkOptions)
        expected.put("execution.buffer-timeout", "Duration=100 ms");
        expected.put("pipeline.registered-types", "List<String>=");
        expected.put("taskmanager.data.port", "Integer=0");
        expected.put("taskmanager.network.memory.buffer-size", "MemorySize=32 kb");
        expected.put("taskmanager.network.memory.buffers", "Integer=2048");
        expected.put("taskmanager.network.memory.buffers-per-channel", "Integer=2");
        expected.put("taskmanager.network.memory.floating-buffers-per-gate", "Integer=8");
        expected.put("taskmanager.network.netty.threads", "Integer=1");
        expected.put("taskmanager.network.partition-request-timeout", "Duration=1 min");
        expected.put("taskmanager.network.request-backoff.initial", "Duration=20 ms");
        expected.put("taskmanager.network.request-backoff.max", "Duration=1 s");
        expected.put("classloader.resolve-order", "Enum=child-first");
        expected.put("classloader.parent-first-patterns.additional", "List<String>=");

        Map<String, String> actual = ConfigOptionsRegistry.defaultRegistry().options().stream()
                .collect(Collectors.toMap(ConfigOption::key, RuntimeOptionsTest::typeAndDefault,
                        (a, b) -> a, LinkedHashMap::new));
        assertEquals(expected, actual);
    }

    @Test
    void everyOptionIsDescribed() {
        for (ConfigOption<?> option : ConfigOptionsRegistry.allOptions()) {
            assertTrue(option.description().length() > 20, () -> option.key() + " needs a useful description");
        }
    }

    @Test
    void tmpDirIsDocumentedWithoutTheMachineSpecificPath() {
        assertEquals("the JVM's temp dir (java.io.tmpdir)", CoreOptions.TMP_DIRS.documentedDefault());
    }

    @Test
    void validatorsOnTheRuntimeOptions() {
        Configuration config = new Configuration()
                .setString("jobmanager.rpc.port", "65536")
                .setString("taskmanager.numberOfTaskSlots", "0")
                .setString("parallelism.default", "0")
                .setString("restart-strategy.fixed-delay.attempts", "-1")
                .setString("resourcemanager.driver", "yarn")
                .setString("rpc.ask.timeout", "0 ms");
        assertEquals("Invalid value '65536' for 'jobmanager.rpc.port': expected an integer in 0..65535",
                message(() -> config.get(JobManagerOptions.RPC_PORT)));
        assertEquals("Invalid value '0' for 'taskmanager.numberOfTaskSlots': expected an integer >= 1",
                message(() -> config.get(TaskManagerOptions.NUM_TASK_SLOTS)));
        assertEquals("Invalid value '0' for 'parallelism.default': expected an integer >= 1",
                message(() -> config.get(JobManagerOptions.DEFAULT_PARALLELISM)));
        assertEquals("Invalid value '-1' for 'restart-strategy.fixed-delay.attempts': expected an integer >= 0",
                message(() -> config.get(RestartStrategyOptions.FIXED_DELAY_ATTEMPTS)));
        assertEquals("Invalid value 'yarn' for 'resourcemanager.driver': expected one of: standalone, process",
                message(() -> config.get(ResourceManagerOptions.DRIVER)));
        assertTrue(message(() -> config.get(RpcOptions.ASK_TIMEOUT))
                .startsWith("Invalid value '0 ms' for 'rpc.ask.timeout': expected a duration > 0"));
        // 0 is allowed: it disables the watchdog
        assertFalse(config.setString("task.cancellation.timeout", "0").get(TaskManagerOptions.TASK_CANCELLATION_TIMEOUT)
                .isNegative());
    }

    @Test
    void restartStrategyDefaultsPassTheCrossCheck() {
        new RuntimeConfigOptionsProvider().validate(new Configuration());
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class,
                () -> new RuntimeConfigOptionsProvider().validate(new Configuration()
                        .setString("restart-strategy.exponential-delay.max-backoff", "500 ms")));
        assertTrue(e.getMessage().contains("'restart-strategy.exponential-delay.initial-backoff' (1 s) must not be "
                + "larger than 'restart-strategy.exponential-delay.max-backoff' (500 ms)"), e.getMessage());
        assertEquals("exponential-delay if the job checkpoints, else fixed-delay",
                RestartStrategyOptions.TYPE.documentedDefault());
    }

    @Test
    void heartbeatDefaultsPassTheCrossCheck() {
        HeartbeatOptions.validate(new Configuration());
        assertThrows(IllegalConfigurationException.class, () -> HeartbeatOptions.validate(
                new Configuration().setString("heartbeat.timeout", "1 s")));
    }

    @Test
    void providerListsAllOptionClasses() {
        assertEquals(List.of(CoreOptions.class, JobManagerOptions.class, TaskManagerOptions.class,
                ResourceManagerOptions.class, HeartbeatOptions.class, RestartStrategyOptions.class,
                CheckpointingOptions.class, FileSinkOptions.class, RpcOptions.class,
                RestOptions.class, NetworkOptions.class, io.sluice.config.EventTimeOptions.class,
                HighAvailabilityOptions.class, ClassLoaderOptions.class),
                new RuntimeConfigOptionsProvider().optionClasses());
    }

    private static String typeAndDefault(ConfigOption<?> option) {
        return option.type().name() + "=" + formatDefault(option);
    }

    private static <T> String formatDefault(ConfigOption<T> option) {
        return option.hasDefaultValue() ? option.type().format(option.defaultValue()) : "null";
    }

    private static String message(org.junit.jupiter.api.function.Executable executable) {
        return assertThrows(IllegalConfigurationException.class, executable).getMessage();
    }
}
