package io.sluice.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** Unpacked copies are named {@code sluice-rpc-akka-<pid>-<random>.jar}. */
    static final String UNPACKED_PREFIX = "sluice-rpc-akka-";
    private static final Pattern UNPACKED_NAME = Pattern.compile("sluice-rpc-akka-(\\d+)-\\d+\\.jar");

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
        sweepLeftovers(tmpDir);
        Path jar = null;
        try {
            // a fresh file with owner-only permissions: a shared, predictable name in /tmp could be planted
            jar = Files.createTempFile(tmpDir, UNPACKED_PREFIX + ProcessHandle.current().pid() + "-", ".jar");
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

    /**
     * Deletes the copies that processes killed without a chance to clean up (SIGKILL, the OOM killer)
     * left behind; the name carries the process id. Others' files (not ours to delete) stay.
     */
    static void sweepLeftovers(Path tmpDir) {
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(tmpDir, UNPACKED_PREFIX + "*.jar")) {
            for (Path copy : copies) {
                Matcher m = UNPACKED_NAME.matcher(copy.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    try {
                        Files.deleteIfExists(copy);
                        LOG.debug("Deleted {}, left by a process that is gone", copy);
                    } catch (IOException notOurs) {
                        LOG.debug("Cannot delete {}: {}", copy, notOurs.toString());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot look for leftover RPC system copies in {}: {}", tmpDir, e.toString());
        }
    }
}
