package io.sluice.yarnclient;

import io.sluice.config.ConfigOption;
import io.sluice.config.ConfigOptions;
import io.sluice.config.OptionValidator;
import java.time.Duration;
import java.util.List;

/**
 * Kerberos login and delegation tokens on secure YARN clusters. Keys are Flink's where the meaning
 * is the same, so an existing flink-conf.yaml section carries over.
 */
public final class SecurityOptions {

    private SecurityOptions() {}

    public static final ConfigOption<String> KERBEROS_LOGIN_KEYTAB = ConfigOptions.key("security.kerberos.login.keytab")
            .stringType()
            .noDefaultValue()
            .withDescription("Local path of a Kerberos keytab. With it (and security.kerberos.login.principal) on a "
                    + "Kerberized cluster, the client logs in from the keytab and ships it to the ApplicationMaster "
                    + "(owner-only permissions), which re-obtains HDFS delegation tokens before they expire and "
                    + "sends them to the TaskManagers: jobs can run longer than the tokens' maximum lifetime "
                    + "(7 days by default). See docs/security.md.");

    public static final ConfigOption<String> KERBEROS_LOGIN_PRINCIPAL = ConfigOptions.key("security.kerberos.login.principal")
            .stringType()
            .noDefaultValue()
            .withDescription("Kerberos principal in security.kerberos.login.keytab, e.g. etl@EXAMPLE.COM.");

    public static final ConfigOption<Boolean> KERBEROS_LOGIN_USE_TICKET_CACHE = ConfigOptions
            .key("security.kerberos.login.use-ticket-cache")
            .booleanType()
            .defaultValue(true)
            .withDescription("Without a keytab, whether the client may use the Kerberos ticket cache (kinit). The "
                    + "delegation tokens obtained with it cannot be renewed past their maximum lifetime.");

    public static final ConfigOption<List<String>> ADDITIONAL_FILE_SYSTEMS = ConfigOptions
            .key("security.kerberos.access.hadoopFileSystems")
            .stringListType()
            .defaultValue(List.of())
            .withDescription("Further Hadoop file systems to obtain delegation tokens for, separated by ';' (e.g. "
                    + "hdfs://other-nn:8020 when checkpoints or sinks use another namenode). The default file system "
                    + "and the staging file system are always included.");

    public static final ConfigOption<Double> TOKEN_RENEWAL_TIME_RATIO = ConfigOptions
            .key("security.delegation.tokens.renewal.time-ratio")
            .doubleType()
            .defaultValue(0.75)
            .withValidator(OptionValidator.of("between 0 (exclusive) and 1 (exclusive)", r -> r > 0 && r < 1))
            .withDescription("With a keytab, the ApplicationMaster obtains new delegation tokens after this fraction "
                    + "of the remaining lifetime of the token that expires first.");

    public static final ConfigOption<Duration> TOKEN_RENEWAL_RETRY_BACKOFF = ConfigOptions
            .key("security.delegation.tokens.renewal.retry.backoff")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withValidator(OptionValidator.positiveDuration())
            .withDescription("Wait before the ApplicationMaster retries a failed token renewal (namenode or KDC "
                    + "unreachable); the tokens in use stay valid meanwhile.");
}
