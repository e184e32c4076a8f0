package io.sluice.sandbox;

import java.nio.file.Path;

/** Command line of {@link SandboxMain}; {@code bin/sandbox start} builds it. */
record SandboxOptions(Path dir, Path distConfDir, int nodeManagers, int nodeManagerMemoryMb, int nodeManagerVcores) {

    static final String USAGE = "Usage: SandboxMain --dir <sandbox dir> [--dist-conf <conf dir>]"
            + " [--nodemanagers N] [--memory MB per NodeManager] [--vcores N per NodeManager]";

    static SandboxOptions parse(String[] args) {
        Path dir = null;
        Path distConf = null;
        int nodeManagers = 1;
        int memory = 4096;
        int vcores = 8;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--dir" -> dir = Path.of(value).toAbsolutePath();
                case "--dist-conf" -> distConf = Path.of(value).toAbsolutePath();
                case "--nodemanagers" -> nodeManagers = positive(flag, value, 1, 16);
                case "--memory" -> memory = positive(flag, value, 512, 1 << 20);
                case "--vcores" -> vcores = positive(flag, value, 1, 256);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--dir is required");
        }
        return new SandboxOptions(dir, distConf, nodeManagers, memory, vcores);
    }

    private static int positive(String flag, String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }
}
