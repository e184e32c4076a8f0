package io.sluice.it.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The module and package rules of ARCHITECTURE.md §2 and §3 as ArchUnit rules. Each rule is checked
 * against the compiled classes of one module ({@link ModuleClasses}), so it says what that module's
 * code may use, whatever the build's class path happens to allow.
 */
final class ArchitectureRules {

    private ArchitectureRules() {}

    /** What a job compiles against uses nothing of the engine, nor any library beyond SLF4J. */
    static final ArchRule API_IS_ENGINE_FREE = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.sluice.api..", "java..", "org.slf4j..")
            .because("jobs compile against sluice-api alone (provided scope); the engine stays behind it");

    /** The RPC abstraction knows no implementation: Akka is loaded behind it in its own class loader. */
    static final ArchRule RPC_CORE_IS_LIBRARY_FREE = classes()
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("io.sluice.rpc..", "io.sluice.classloading..", "java..", "org.slf4j..")
            .because("rpc-core depends on SLF4J only; Akka, Scala and Kryo stay inside rpc-akka");

    /** The engine finds YARN and ZooKeeper through ServiceLoader; it never names them. */
    static final ArchRule RUNTIME_KNOWS_NO_DEPLOYMENT = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.hadoop.yarn..", "org.apache.hadoop.hdfs..", "org.apache.hadoop.mapreduce..",
                    "org.apache.curator..", "org.apache.zookeeper..", "akka..", "scala..",
                    "io.sluice.yarnclient..", "io.sluice.yarnappmaster..", "io.sluice.ha.zookeeper..",
                    "io.sluice.sandbox..", "io.sluice.examples..")
            .because("runtime finds YARN, ZooKeeper and Akka through ServiceLoader (ARCHITECTURE.md §2)");

    /** The high-availability SPI stores what the endpoints hand it; it knows none of them. */
    static final ArchRule HA_SPI_KNOWS_NO_ENDPOINT = noClasses()
            .that().resideInAPackage("io.sluice.ha..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sluice.jobmaster..", "io.sluice.dispatcher..",
                    "io.sluice.taskexecutor..", "io.sluice.resourcemanager..", "io.sluice.checkpoint..",
                    "io.sluice.entrypoint..")
            .because("the ha SPI is implemented by the ha module, which must not reach into the endpoints");

    /** Identifiers and lifecycle states are the bottom layer every process shares. */
    static final ArchRule COMMON_TYPES_ARE_THE_BOTTOM = classes()
            .that().resideInAPackage("io.sluice.common..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("io.sluice.common..", "io.sluice.api..", "io.sluice.rpc..", "java..")
            .because("ids and states are shared by every component, so they can depend on none");

    /** Tasks, operators, state and the shuffle run in TaskManagers and know nothing of the endpoints. */
    static final ArchRule TASK_RUNTIME_KNOWS_NO_ENDPOINT = noClasses()
            .that().resideInAnyPackage("io.sluice.task..", "io.sluice.streaming..", "io.sluice.state..",
                    "io.sluice.network..", "io.sluice.translation..", "io.sluice.connector..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sluice.jobmaster..", "io.sluice.dispatcher..",
                    "io.sluice.taskexecutor..", "io.sluice.resourcemanager..", "io.sluice.entrypoint..",
                    "io.sluice.client..", "io.sluice.rest..", "io.sluice.webui..", "io.sluice.ha..")
            .because("the task runtime is driven through io.sluice.task, not by the endpoints' classes");

    /** The high-availability module implements the runtime's SPI and knows nothing of YARN. */
    static final ArchRule HA_MODULE_KNOWS_NO_YARN = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.hadoop.yarn..",
                    "io.sluice.yarnclient..", "io.sluice.yarnappmaster..")
            .because("ZooKeeper HA serves standalone clusters as well as YARN ones");

    /** The client side of YARN deployment does not reach into what runs in the containers. */
    static final ArchRule YARN_CLIENT_KNOWS_NO_APPMASTER = noClasses()
            .should().dependOnClassesThat().resideInAPackage("io.sluice.yarnappmaster..")
            .because("the appmaster depends on yarn-client for their contract, never the other way");

    /** The examples are written the way users write jobs: against the API only. */
    static final ArchRule EXAMPLES_USE_ONLY_THE_API = classes()
            .should().onlyDependOnClassesThat(not(resideInAnyPackage("io.sluice..")
                    .and(not(resideInAnyPackage("io.sluice.api..", "io.sluice.examples..")))))
            .because("the examples show users how to write jobs, which see sluice-api only");

    /** Connectors are written the way users write theirs: against the API, with their own client libraries. */
    static final ArchRule CONNECTORS_USE_ONLY_THE_API = classes()
            .should().onlyDependOnClassesThat(not(resideInAnyPackage("io.sluice..")
                    .and(not(resideInAnyPackage("io.sluice.api..", "io.sluice.connector..")))))
            .because("a connector is its own jar that jobs bundle; it sees sluice-api only (ARCHITECTURE.md §2)");

    /** No cycles among the packages directly under {@code root}: each is one component above or below another. */
    static ArchRule componentsUnder(String root) {
        return slices().matching(root + ".(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("a cycle between components makes them one component that cannot change apart");
    }

}
