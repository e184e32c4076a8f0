package io.sluice.it.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The test of the architecture test: each kind of rule rejects code that breaks it, naming the
 * offending classes, and accepts code that keeps it. Without this, a rule that matches nothing
 * (a mistyped package, say) would pass for ever.
 */
class ArchitectureRulesTest {

    private static final String FIXTURES = "io.sluice.it.architecture.fixtures";

    private static JavaClasses fixtures(String subPackage) {
        return new ClassFileImporter().importPackages(FIXTURES + "." + subPackage);
    }

    @Test
    void theApiRuleRejectsCodeThatNamesAnEngineClass() {
        AssertionError broken = assertThrows(AssertionError.class,
                () -> ArchitectureRules.API_IS_ENGINE_FREE.check(fixtures("engineleak")));
        assertTrue(broken.getMessage().contains("EngineLeakingMapper"), broken.getMessage());
        assertTrue(broken.getMessage().contains("io.sluice.graph.JobGraph"), broken.getMessage());
    }

    @Test
    void theApiRuleAcceptsCodeThatUsesOnlyTheApi() {
        ArchitectureRules.API_IS_ENGINE_FREE.check(fixtures("apionly"));
    }

    @Test
    void theExamplesRuleRejectsAnEngineClassAndAcceptsTheApi() {
        AssertionError broken = assertThrows(AssertionError.class,
                () -> ArchitectureRules.EXAMPLES_USE_ONLY_THE_API.check(fixtures("engineleak")));
        assertTrue(broken.getMessage().contains("io.sluice.graph.JobGraph"), broken.getMessage());
        ArchitectureRules.EXAMPLES_USE_ONLY_THE_API.check(fixtures("apionly"));
    }

    @Test
    void theCycleRuleRejectsTwoPackagesThatUseEachOther() {
        AssertionError broken = assertThrows(AssertionError.class,
                () -> ArchitectureRules.componentsUnder(FIXTURES + ".cycle").check(fixtures("cycle")));
        assertTrue(broken.getMessage().contains("Cycle detected"), broken.getMessage());
        assertTrue(broken.getMessage().contains("Upstream") && broken.getMessage().contains("Downstream"),
                broken.getMessage());
    }

    @Test
    void theCycleRuleAcceptsLayersThatPointOneWay() {
        ArchitectureRules.componentsUnder(FIXTURES + ".layers").check(fixtures("layers"));
    }

    @Test
    void theDeploymentRuleRejectsCodeThatNamesZooKeeperOrYarn() {
        AssertionError broken = assertThrows(AssertionError.class,
                () -> ArchitectureRules.RUNTIME_KNOWS_NO_DEPLOYMENT.check(
                        new ClassFileImporter().importClasses(ZooKeeperNamingComponent.class)));
        assertTrue(broken.getMessage().contains("org.apache.curator"), broken.getMessage());
    }

    /** Names Curator, as the runtime must not. */
    static final class ZooKeeperNamingComponent {
        org.apache.curator.framework.CuratorFramework client;
    }
}
