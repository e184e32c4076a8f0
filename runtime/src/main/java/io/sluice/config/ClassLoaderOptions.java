package io.sluice.config;

import java.util.List;

/** How the classes of a job's jars are loaded (client, ApplicationMaster in application mode, TaskManagers). */
public final class ClassLoaderOptions {

    private ClassLoaderOptions() {}

    /** Where a job's class loader looks first. */
    public enum ResolveOrder {
        /** The job's jars first, then the class path (except the parent-first patterns). */
        CHILD_FIRST,
        /** The class path first, then the job's jars. */
        PARENT_FIRST
    }

    public static final ConfigOption<ResolveOrder> RESOLVE_ORDER = ConfigOptions.key("classloader.resolve-order")
            .enumType(ResolveOrder.class)
            .defaultValue(ResolveOrder.CHILD_FIRST)
            .withDescription("Where the class loader of a job looks for a class first. child-first: in the job's "
                    + "jars, so a library the job bundles (Guava, Jackson, Avro, Scala...) wins over another "
                    + "version on Hadoop's class path; the JDK, logging, Sluice's own classes and Hadoop's (and "
                    + "classloader.parent-first-patterns.additional) still come from the class path. parent-first: "
                    + "the class path first, as plain Java does.");

    public static final ConfigOption<List<String>> PARENT_FIRST_PATTERNS_ADDITIONAL =
            ConfigOptions.key("classloader.parent-first-patterns.additional")
                    .stringListType()
                    .defaultValue(List.of())
                    .withDescription("Class name prefixes (e.g. org.apache.avro.) that a child-first job class "
                            + "loader takes from the class path even when the job's jars have them: for classes "
                            + "that the job shares with libraries shipped on the class path (yarn.ship-files).");
}
