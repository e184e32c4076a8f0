package io.sluice.it.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compiled main classes of one module of this build ({@code ../<module>/target/classes}). The
 * rules are checked per module because two modules may share a package ({@code io.sluice.ha} is
 * the runtime's SPI and the ha module's ZooKeeper implementation; {@code io.sluice.rpc} is in
 * rpc-core and rpc-akka), so only where a class was compiled tells which module it belongs to.
 */
final class ModuleClasses {

    private ModuleClasses() {}

    static JavaClasses of(String module) {
        Path classes = Path.of("..", module, "target", "classes").toAbsolutePath().normalize();
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("no compiled classes of module " + module + " at " + classes
                    + ": build the project first ('mvn -DskipTests install')");
        }
        JavaClasses imported = new ClassFileImporter().importPath(classes);
        if (imported.isEmpty()) {
            throw new IllegalStateException("module " + module + " has no classes at " + classes);
        }
        return imported;
    }
}
