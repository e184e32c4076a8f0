package io.sluice.it.yarn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Maven as a user would, in a directory of its own, with the build's Maven, local repository
 * and offline setting (surefire passes them as system properties), so a test sees the artifacts this
 * build installed.
 */
final class NestedMaven {

    private final Path mvn;
    private final Path localRepository;
    private final boolean offline;

    NestedMaven() {
        String home = System.getProperty("sluice.maven.home", "");
        this.mvn = home.isEmpty() ? Path.of("mvn") : Path.of(home, "bin", "mvn");
        this.localRepository = Path.of(System.getProperty("sluice.maven.repo",
                System.getProperty("user.home") + "/.m2/repository"));
        this.offline = System.getProperty("sluice.maven.offline", "").equals("offline=true");
    }

    /** Fails with what to do when the build has not installed {@code groupId:artifactId:version}. */
    void requireInstalled(String groupId, String artifactId, String version) {
        Path dir = localRepository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(groupId + ":" + artifactId + ":" + version + " is not in " + localRepository
                    + ": this test uses the installed artifacts, as a user's project does; run 'mvn -B install'");
        }
    }

    /** Runs {@code mvn -B <args>} in {@code dir}; the output goes to {@code log}. Returns the exit code. */
    int run(Path dir, Path log, Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-Dmaven.repo.local=" + localRepository));
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", args) + " did not finish within " + timeout
                    + "; its output is in " + log);
        }
        return p.exitValue();
    }
}
