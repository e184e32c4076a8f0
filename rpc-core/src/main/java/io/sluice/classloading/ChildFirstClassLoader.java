package io.sluice.classloading;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader over jars that looks in its own jars before its parent, except for names that must
 * be one type on both sides (the JDK, SLF4J, and what the caller adds, such as Sluice's API): for
 * those the parent comes first, and its own jars only when the parent has no such class. Resources
 * follow the same rule, a resource path being read as a package (so {@code org/apache/hadoop/...}
 * is parent-first when {@code org.apache.hadoop.} is).
 *
 * <p>Used for job jars (so a job's own Guava, Jackson or Scala wins over what Hadoop's class path has)
 * and, through {@code ComponentClassLoader}, for the RPC component.
 */
public class ChildFirstClassLoader extends URLClassLoader {

    /** Always from the parent: the platform's own packages and the logging API. */
    public static final List<String> ALWAYS_PARENT_FIRST = List.of("java.", "jdk.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader parent;
    private final List<String> parentFirst;
    private final List<String> childOnly;

    /**
     * @param parent      null for the platform's classes only
     * @param parentFirst class name prefixes taken from the parent first (besides {@link #ALWAYS_PARENT_FIRST})
     * @param childOnly   prefixes, narrower than some parent-first one, that are this loader's own after all
     */
    public ChildFirstClassLoader(String name, URL[] urls, ClassLoader parent, List<String> parentFirst,
                                 List<String> childOnly) {
        super(name, urls, parent != null ? parent : ClassLoader.getPlatformClassLoader());
        this.parent = getParent();
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
                if (isParentFirst(name)) {
                    try {
                        c = parent.loadClass(name);
                    } catch (ClassNotFoundException notShared) {
                        c = findClass(name); // e.g. a job's own classes in a package named like Sluice's
                    }
                } else {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notOwn) {
                        c = outside().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private boolean isParentFirst(String className) {
        return startsWithAny(className, parentFirst) && !startsWithAny(className, childOnly);
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a resource comes from the parent first: by default, when its path lies in a parent-first package. */
    protected boolean isParentFirstResource(String name) {
        return isParentFirst(name.replace('/', '.'));
    }

    /**
     * Where classes and resources that are neither parent-first nor in this loader's jars come from:
     * the parent. A component that must see nothing of its owner's class path answers the platform loader.
     */
    protected ClassLoader outside() {
        return parent;
    }

    @Override
    public URL getResource(String name) {
        if (isParentFirstResource(name)) {
            URL shared = parent.getResource(name);
            return shared != null ? shared : findResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : outside().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>();
        if (isParentFirstResource(name)) {
            all.addAll(Collections.list(parent.getResources(name)));
            all.addAll(Collections.list(findResources(name)));
        } else {
            all.addAll(Collections.list(findResources(name)));
            all.addAll(Collections.list(outside().getResources(name)));
        }
        return Collections.enumeration(all);
    }
}
