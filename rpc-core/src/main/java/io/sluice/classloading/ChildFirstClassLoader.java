package io.sluice.classloading;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader over jars that finds classes in its own jars before its parent's, except those that
 * must be one type on both sides (the JDK, SLF4J, Sluice's API): for these the parent comes first, and
 * its own jars only when the parent has no such class. Resources: its own first, then the parent's.
 *
 * <p>Used for user code (so a job's own Guava, Jackson or Scala wins over what Hadoop's class path
 * has) and for the RPC component (so its Akka and Scala never meet another copy).
 */
public class ChildFirstClassLoader extends URLClassLoader {

    /** Always from the parent, whatever the configuration: the platform and logging. */
    public static final List<String> ALWAYS_PARENT_FIRST = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.w3c.", "org.xml.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final List<String> parentFirst;
    private final List<String> childOnly;

    /**
     * @param parentFirst class name prefixes loaded from the parent (in addition to {@link #ALWAYS_PARENT_FIRST})
     * @param childOnly   prefixes, narrower than some parent-first one, that are the loader's own after all
     */
    public ChildFirstClassLoader(String name, URL[] urls, ClassLoader parent, List<String> parentFirst,
                                 List<String> childOnly) {
        super(name, urls, parent);
        List<String> all = new ArrayList<>(ALWAYS_PARENT_FIRST);
        all.addAll(parentFirst);
        this.parentFirst = List.copyOf(all);
        this.childOnly = List.copyOf(childOnly);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (startsWithAny(name, parentFirst) && !startsWithAny(name, childOnly)) {
                    try {
                        c = getParent().loadClass(name);
                    } catch (ClassNotFoundException notShared) {
                        c = findClass(name); // e.g. a job's own classes in a package named like Sluice's
                    }
                } else {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notOwn) {
                        c = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    /** The resources named {@code name} in this loader's own jars only. */
    public Enumeration<URL> ownResources(String name) throws IOException {
        return findResources(name);
    }
}
