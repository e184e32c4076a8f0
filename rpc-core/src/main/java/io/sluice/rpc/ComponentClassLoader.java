package io.sluice.rpc;

import io.sluice.classloading.ChildFirstClassLoader;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the RPC component (a jar with its own Akka, Scala and Config) beside the class path it is used
 * from, seeing of that class path only what it shares with it: Sluice's classes (the RPC API, runtime
 * messages, relocated Kryo), except the component's own package, and SLF4J. Everything else comes from
 * the component's jar or the JDK, never from the owner's class path, so the component's libraries
 * never meet another copy there (a job's, Hadoop's, a shipped jar's), and the owner never sees them.
 */
public final class ComponentClassLoader extends ChildFirstClassLoader {

    static {
        registerAsParallelCapable();
    }

    public ComponentClassLoader(String name, Path jar, ClassLoader owner) {
        super(name, new URL[] {toUrl(jar)}, owner, List.of("io.sluice."), List.of("io.sluice.rpc.akka."));
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }

    @Override
    protected ClassLoader outside() {
        return ClassLoader.getPlatformClassLoader();
    }
}
