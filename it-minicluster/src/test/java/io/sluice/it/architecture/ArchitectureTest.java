package io.sluice.it.architecture;

import org.junit.jupiter.api.Test;

/** The build's modules hold the rules of ARCHITECTURE.md; a change that breaks one fails here with the offending references. */
class ArchitectureTest {

    @Test
    void theApiModuleUsesNothingOfTheEngine() {
        ArchitectureRules.API_IS_ENGINE_FREE.check(ModuleClasses.of("api"));
    }

    @Test
    void rpcCoreUsesNoLibraryBeyondSlf4j() {
        ArchitectureRules.RPC_CORE_IS_LIBRARY_FREE.check(ModuleClasses.of("rpc-core"));
    }

    @Test
    void theRuntimeKnowsNoDeploymentTarget() {
        ArchitectureRules.RUNTIME_KNOWS_NO_DEPLOYMENT.check(ModuleClasses.of("runtime"));
    }

    @Test
    void theRuntimesComponentsFormNoCycle() {
        ArchitectureRules.componentsUnder("io.sluice").check(ModuleClasses.of("runtime"));
    }

    @Test
    void theRuntimesLayersPointDownward() {
        var runtime = ModuleClasses.of("runtime");
        ArchitectureRules.COMMON_TYPES_ARE_THE_BOTTOM.check(runtime);
        ArchitectureRules.HA_SPI_KNOWS_NO_ENDPOINT.check(runtime);
        ArchitectureRules.TASK_RUNTIME_KNOWS_NO_ENDPOINT.check(runtime);
    }

    @Test
    void theHaModuleKnowsNoYarn() {
        ArchitectureRules.HA_MODULE_KNOWS_NO_YARN.check(ModuleClasses.of("ha"));
    }

    @Test
    void theYarnClientKnowsNoAppMaster() {
        ArchitectureRules.YARN_CLIENT_KNOWS_NO_APPMASTER.check(ModuleClasses.of("yarn-client"));
    }

    @Test
    void theKafkaConnectorUsesOnlyTheApi() {
        ArchitectureRules.CONNECTORS_USE_ONLY_THE_API.check(ModuleClasses.of("connectors/kafka"));
    }

    @Test
    void theExamplesUseOnlyTheApi() {
        ArchitectureRules.EXAMPLES_USE_ONLY_THE_API.check(ModuleClasses.of("examples"));
    }
}
