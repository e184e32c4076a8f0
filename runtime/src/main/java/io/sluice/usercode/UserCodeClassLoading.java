package io.sluice.usercode;

import io.sluice.classloading.ChildFirstClassLoader;
import io.sluice.config.ClassLoaderOptions;
import io.sluice.config.ClassLoaderOptions.ResolveOrder;
import io.sluice.config.Configuration;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * How a job's classes are loaded, from {@code classloader.*}: creates the class loader over the job's
 * jars wherever user code runs (the client's main(), the ApplicationMaster's, the TaskManagers' tasks).
 *
 * @param parentFirst class name prefixes always taken from the class path by a child-first loader
 */
public record UserCodeClassLoading(ResolveOrder order, List<String> parentFirst) {

    /**
     * Shared with the job whatever it bundles: Sluice's API and runtime (one type on both sides),
     * Hadoop (the cluster's file systems and security), logging (one configuration per process), and
     * the JDK's XML and annotation APIs, which old libraries bundle. {@code java.}, {@code jdk.} and
     * SLF4J are always parent-first ({@link ChildFirstClassLoader#ALWAYS_PARENT_FIRST}).
     */
    public static final List<String> DEFAULT_PARENT_FIRST = List.of("io.sluice.", "org.apache.hadoop.",
            "org.apache.log4j.", "org.apache.logging.log4j.", "org.apache.commons.logging.", "ch.qos.logback.",
            "javax.annotation.", "javax.xml.", "org.w3c.", "org.xml.");

    public UserCodeClassLoading {
        parentFirst = List.copyOf(parentFirst);
    }

    public static UserCodeClassLoading from(Configuration config) {
        List<String> parentFirst = new ArrayList<>(DEFAULT_PARENT_FIRST);
        parentFirst.addAll(config.get(ClassLoaderOptions.PARENT_FIRST_PATTERNS_ADDITIONAL));
        return new UserCodeClassLoading(config.get(ClassLoaderOptions.RESOLVE_ORDER), parentFirst);
    }

    /** The defaults, for callers without a configuration. */
    public static UserCodeClassLoading defaults() {
        return from(new Configuration());
    }

    /** A loader over {@code jars} (closed by the caller when the job is gone). */
    public URLClassLoader create(String name, URL[] jars, ClassLoader parent) {
        return order == ResolveOrder.CHILD_FIRST
                ? new UserCodeClassLoader(name, jars, parent, parentFirst)
                : new URLClassLoader(name, jars, parent);
    }
}
