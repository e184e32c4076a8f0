package io.sluice.rpc;

import java.util.UUID;

/**
 * Hosts an {@link EchoEndpoint} in its own JVM: prints "PORT <n>" once listening and runs until
 * stdin closes. Used by cross-JVM tests and the RPC benchmark.
 */
public final class RemoteEchoProcess {

    public static void main(String[] args) throws Exception {
        UUID token = UUID.fromString(args[0]);
        RpcService service = RpcSystem.load().start(RpcServiceSettings.loopback());
        new EchoEndpoint(service, EchoEndpoint.NAME, token).start();
        System.out.println("PORT " + service.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the parent closes our stdin (or dies)
        }
        service.closeAsync().get();
        System.exit(0);
    }

    /** Starts the process with this JVM's classpath and returns it once it listens. */
    public static Handle launch(UUID token) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RemoteEchoProcess.class.getName(), token.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                drain(out);
                return new Handle(p, Integer.parseInt(line.substring(5).trim()));
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("remote echo process exited before listening (exit " + p.waitFor() + ")");
    }

    /** Keeps reading the child's output so that it never blocks on a full pipe. */
    private static void drain(java.io.BufferedReader out) {
        Thread t = new Thread(() -> out.lines().forEach(l -> System.out.println("[remote] " + l)), "remote-echo-output");
        t.setDaemon(true);
        t.start();
    }

    public record Handle(Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
