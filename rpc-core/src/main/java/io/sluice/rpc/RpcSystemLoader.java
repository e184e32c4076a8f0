package io.sluice.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link RpcSystem}. The distribution jar carries the implementation with its dependencies
 * as the resource {@value #COMPONENT_JAR}; it is copied to a private temporary file (a class loader
 * cannot read a jar inside a jar) and opened in a {@link ComponentClassLoader}. Without that resource
 * the implementation is expected on the class path itself.
 */
final class RpcSystemLoader {

    static final String COMPONENT_JAR = "sluice-rpc-akka-component.jar";

    private static final Logger LOG = LoggerFactory.getLogger(RpcSystemLoader.class);
    private static RpcSystem system;

    private RpcSystemLoader() {}

    static synchronized RpcSystem system() {
        if (system == null) {
            system = load(RpcSystemLoader.class.getClassLoader(), Path.of(System.getProperty("java.io.tmpdir")));
        }
        return system;
    }

    /** The RPC system seen from {@code owner}: in a component loader when {@code owner} has the component jar. */
    static RpcSystem load(ClassLoader owner, Path tmpDir) {
        long start = System.nanoTime();
        URL component = owner.getResource(COMPONENT_JAR);
        ClassLoader loader = owner;
        if (component != null) {
            Path jar = unpack(component, tmpDir);
            loader = new ComponentClassLoader("sluice-rpc", jar, owner);
            LOG.info("RPC system unpacked to {} in {} ms", jar, (System.nanoTime() - start) / 1_000_000);
        }
        Iterator<RpcSystem> found = ServiceLoader.load(RpcSystem.class, loader).iterator();
        if (!found.hasNext()) {
            throw new IllegalStateException("no RPC implementation found: neither " + COMPONENT_JAR
                    + " (inside lib/sluice-dist.jar) nor sluice-rpc-akka is on the class path. "
                    + "Use the distribution's lib/sluice-dist.jar, or add sluice-rpc-akka to the class path");
        }
        return found.next();
    }

    private static Path unpack(URL component, Path tmpDir) {
        Path jar = null;
        try {
            // a fresh file with owner-only permissions: a shared, predictable name in /tmp could be planted
            jar = Files.createTempFile(tmpDir, "sluice-rpc-akka-", ".jar");
            jar.toFile().deleteOnExit();
            // into the file as created: replacing it would drop its permissions
            try (InputStream in = component.openStream(); OutputStream out = Files.newOutputStream(jar)) {
                in.transferTo(out);
            }
            return jar;
        } catch (IOException e) {
            if (jar != null) {
                jar.toFile().delete();
            }
            throw new IllegalStateException("cannot unpack the RPC system " + COMPONENT_JAR + " to " + tmpDir + " ("
                    + e + "): free space there, or start the JVM with -Djava.io.tmpdir=<a writable directory>", e);
        }
    }
}
