package io.sluice.config;

/** Options shared by all Sluice processes. */
public final class CoreOptions {

    private CoreOptions() {}

    /** Defaults to the JVM's temp dir, read when this class is initialised. */
    public static final ConfigOption<String> TMP_DIRS = ConfigOptions.key("io.tmp.dirs")
            .stringType()
            .defaultValue(System.getProperty("java.io.tmpdir"))
            // the real default differs per machine; the docs must not depend on where they were generated
            .withDocumentedDefault("the JVM's temp dir (java.io.tmpdir)")
            .withDescription("Local directory where JobManager and TaskManager processes keep temporary files, "
                    + "such as uploaded jars. It must be writable by the user running Sluice and have enough "
                    + "free space.");
}
