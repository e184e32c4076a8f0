package io.sluice.it.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/sandbox} of the assembled distribution, run as a user runs it, with its sandbox folder in
 * a test directory ({@code SLUICE_SANDBOX_DIR}) so that a sandbox someone started by hand in the
 * distribution is left alone.
 */
final class SandboxScript {

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    final Path home = Path.of(System.getProperty("sluice.dist.dir", "../scripts/target/sluice")).toAbsolutePath().normalize();
    final Path sandboxDir;
    private final Path outputDir;

    SandboxScript(Path sandboxDir, Path outputDir) {
        if (!Files.isExecutable(home.resolve("bin/sandbox"))) {
            throw new IllegalStateException("no distribution with bin/sandbox at " + home
                    + ": build it first (mvn -pl it-minicluster -am verify builds it in the reactor)");
        }
        this.sandboxDir = sandboxDir;
        this.outputDir = outputDir;
    }

    Result run(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/sandbox").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(outputDir, "sandbox", ".out");
        Path err = Files.createTempFile(outputDir, "sandbox", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.put("SLUICE_SANDBOX_DIR", sandboxDir.toString());
        env.remove("HADOOP_CONF_DIR");
        env.remove("SLUICE_CONF_DIR");
        Process process = pb.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("bin/sandbox " + String.join(" ", args) + " did not finish within " + timeout
                    + "; stdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The value of {@code key} in the state file the sandbox JVM writes once it serves. */
    Optional<String> state(String key) throws IOException {
        Path file = sandboxDir.resolve("sandbox.state");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Files.readAllLines(file).stream()
                .filter(line -> line.startsWith(key + "="))
                .map(line -> line.substring(key.length() + 1))
                .findFirst();
    }

    /** The sandbox JVM, if the state file names one that is alive. */
    Optional<ProcessHandle> jvm() throws IOException {
        return state("pid").flatMap(pid -> ProcessHandle.of(Long.parseLong(pid))).filter(ProcessHandle::isAlive);
    }

    /** Last resort after a failed test: stop through the script, then kill what is left. */
    void forceStop() throws Exception {
        Optional<ProcessHandle> jvm = jvm();
        try {
            run(Duration.ofSeconds(90), "stop");
        } finally {
            jvm.ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
    }
}
