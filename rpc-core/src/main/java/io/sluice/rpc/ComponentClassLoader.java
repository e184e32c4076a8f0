package io.sluice.rpc;

import io.sluice.classloading.ChildFirstClassLoader;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the RPC component (a jar with its own Akka, Scala and Config) beside the class path it is used
 * from. Sluice's own classes (the RPC API, runtime messages, relocated Kryo) are shared with the owner,
 * except the component's own package; every other class comes from the component's jar first, so its
 * libraries never meet another copy on the owner's class path, and the owner never sees them.
 * Resources come from the component first and the owner's follow, since code the component runs (an
 * endpoint on an actor thread) may look up its own; {@link #ownResources} gives the component's alone.
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
}
