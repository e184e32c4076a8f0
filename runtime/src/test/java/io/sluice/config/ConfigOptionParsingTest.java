package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading each supported type through {@link Configuration#get}, and the messages for bad values. */
class ConfigOptionParsingTest {

    enum Mode { FIXED_DELAY, NONE, EXPONENTIAL_BACKOFF }

    static final ConfigOption<String> STRING = ConfigOptions.key("t.string").stringType().defaultValue("x");
    static final ConfigOption<Integer> INT = ConfigOptions.key("t.int").intType().defaultValue(1);
    static final ConfigOption<Long> LONG = ConfigOptions.key("t.long").longType().defaultValue(1L);
    static final ConfigOption<Boolean> BOOL = ConfigOptions.key("t.bool").booleanType().defaultValue(false);
    static final ConfigOption<Double> DOUBLE = ConfigOptions.key("t.double").doubleType().defaultValue(0.5);
    static final ConfigOption<Duration> DURATION =
            ConfigOptions.key("t.duration").durationType().defaultValue(Duration.ofSeconds(1));
    static final ConfigOption<MemorySize> MEMORY =
            ConfigOptions.key("t.memory").memoryType().defaultValue(MemorySize.ofMebiBytes(1));
    static final ConfigOption<Mode> MODE = ConfigOptions.key("t.mode").enumType(Mode.class).defaultValue(Mode.NONE);
    static final ConfigOption<List<String>> LIST = ConfigOptions.key("t.list").stringListType().noDefaultValue();

    private static <T> T read(ConfigOption<T> option, String raw) {
        return new Configuration().setString(option.key(), raw).get(option);
    }

    private static String errorOf(ConfigOption<?> option, String raw) {
        return assertThrows(IllegalConfigurationException.class, () -> read(option, raw)).getMessage();
    }

    @Test
    void stringsAreTakenAsWritten() {
        assertEquals(" a b ", read(STRING, " a b "));
        assertEquals("", read(STRING, ""));
    }

    @Test
    void integers() {
        assertEquals(42, read(INT, " 42 "));
        assertEquals(-7, read(INT, "-7"));
        assertEquals("Invalid value 'abc' for 't.int': expected an integer", errorOf(INT, "abc"));
        assertEquals("Invalid value '1.5' for 't.int': expected an integer", errorOf(INT, "1.5"));
        assertEquals("Invalid value '3000000000' for 't.int': expected an integer", errorOf(INT, "3000000000"));
    }

    @Test
    void longs() {
        assertEquals(3_000_000_000L, read(LONG, "3000000000"));
        assertEquals("Invalid value '1k' for 't.long': expected an integer", errorOf(LONG, "1k"));
    }

    @Test
    void booleansAcceptOnlyTrueAndFalse() {
        assertEquals(true, read(BOOL, "true"));
        assertEquals(true, read(BOOL, "TRUE"));
        assertEquals(false, read(BOOL, " False "));
        assertEquals("Invalid value 'yes' for 't.bool': expected true or false", errorOf(BOOL, "yes"));
        assertEquals("Invalid value '1' for 't.bool': expected true or false", errorOf(BOOL, "1"));
    }

    @Test
    void doubles() {
        assertEquals(0.25, read(DOUBLE, "0.25"));
        assertEquals(1e3, read(DOUBLE, "1e3"));
        assertEquals("Invalid value 'NaN' for 't.double': expected a number", errorOf(DOUBLE, "NaN"));
        assertEquals("Invalid value 'half' for 't.double': expected a number", errorOf(DOUBLE, "half"));
    }

    @Test
    void decimalValidatorsKeepTheFraction() {
        ConfigOption<Double> above = ConfigOptions.key("t.double").doubleType().noDefaultValue()
                .withValidator(OptionValidator.greaterThan(1));
        ConfigOption<Double> fraction = ConfigOptions.key("t.double").doubleType().noDefaultValue()
                .withValidator(OptionValidator.within(0, 1));
        assertEquals(1.01, read(above, "1.01"));
        // a whole-number check would read 1.5 as 1 and let it through
        assertEquals("Invalid value '1' for 't.double': expected a number > 1", errorOf(above, "1"));
        assertEquals(0.0, read(fraction, "0"));
        assertEquals(1.0, read(fraction, "1"));
        assertEquals("Invalid value '1.5' for 't.double': expected a number in 0..1", errorOf(fraction, "1.5"));
        assertEquals("Invalid value '-0.1' for 't.double': expected a number in 0..1", errorOf(fraction, "-0.1"));
        assertEquals("in 0.25..2.5", OptionValidator.within(0.25, 2.5).requirement());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(500), read(DURATION, "500 ms"));
        assertEquals(Duration.ofMillis(100), read(DURATION, "100"));
        assertEquals("Invalid value '10 parsecs' for 't.duration': expected a duration (e.g. '500 ms', '10 s', "
                + "'5 min'; units: ns, us, ms, s, min, h, d; a number without unit is ms)",
                errorOf(DURATION, "10 parsecs"));
    }

    @Test
    void memorySizes() {
        assertEquals(MemorySize.ofMebiBytes(512), read(MEMORY, "512m"));
        assertEquals(MemorySize.ofBytes(1024), read(MEMORY, "1024"));
        assertEquals("Invalid value 'lots' for 't.memory': expected a memory size (e.g. '64 kb', '512m', '1 gb'; "
                + "units: bytes, kb, mb, gb, tb (binary); a number without unit is bytes)", errorOf(MEMORY, "lots"));
    }

    @Test
    void enumsIgnoreCaseAndAcceptDashes() {
        assertEquals(Mode.FIXED_DELAY, read(MODE, "fixed-delay"));
        assertEquals(Mode.FIXED_DELAY, read(MODE, "FIXED_DELAY"));
        assertEquals(Mode.FIXED_DELAY, read(MODE, " Fixed_Delay "));
        assertEquals(Mode.EXPONENTIAL_BACKOFF, read(MODE, "exponential-backoff"));
        assertEquals("Invalid value 'fixed' for 't.mode': expected one of: fixed-delay, none, exponential-backoff",
                errorOf(MODE, "fixed"));
    }

    @Test
    void enumsAreWrittenLowerCaseWithDashes() {
        Configuration config = new Configuration().set(MODE, Mode.EXPONENTIAL_BACKOFF);
        assertEquals("exponential-backoff", config.getString("t.mode"));
        assertEquals(Mode.EXPONENTIAL_BACKOFF, config.get(MODE));
    }

    @Test
    void listsSplitOnCommaOrSemicolon() {
        assertEquals(List.of("a", "b", "c"), read(LIST, "a, b;c"));
        assertEquals(List.of("/tmp/one", "/tmp/two"), read(LIST, " /tmp/one ;; /tmp/two ; "));
        assertEquals(List.of(), read(LIST, ""));
    }

    @Test
    void listItemsThatCannotBeWrittenAreRejected() {
        Configuration config = new Configuration();
        assertEquals("a,b", config.set(LIST, List.of("a", "b")).getString("t.list"));
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class,
                () -> config.set(LIST, List.of("a,b", "c")));
        assertEquals("Invalid value '[a,b, c]' for 't.list': expected a list of strings (separated by ',' or ';')",
                e.getMessage());
    }

    @Test
    void everyTypeRoundTripsThroughSet() {
        Configuration config = new Configuration()
                .set(STRING, "s").set(INT, 5).set(LONG, 6L).set(BOOL, true).set(DOUBLE, 0.1)
                .set(DURATION, Duration.ofMillis(1500)).set(MEMORY, MemorySize.parse("1536 kb"))
                .set(MODE, Mode.FIXED_DELAY).set(LIST, List.of("x", "y"));
        assertEquals("s", config.get(STRING));
        assertEquals(5, config.get(INT));
        assertEquals(6L, config.get(LONG));
        assertEquals(true, config.get(BOOL));
        assertEquals(0.1, config.get(DOUBLE));
        assertEquals(Duration.ofMillis(1500), config.get(DURATION));
        assertEquals("1500 ms", config.getString("t.duration"));
        assertEquals(MemorySize.ofKibiBytes(1536), config.get(MEMORY));
        assertEquals("1536 kb", config.getString("t.memory"));
        assertEquals(Mode.FIXED_DELAY, config.get(MODE));
        assertEquals(List.of("x", "y"), config.get(LIST));
    }

    @Test
    void negativeDurationsCannotBeSet() {
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class,
                () -> new Configuration().set(DURATION, Duration.ofSeconds(-1)));
        assertEquals("Invalid value '-1 s' for 't.duration': expected a duration (e.g. '500 ms', '10 s', "
                + "'5 min'; units: ns, us, ms, s, min, h, d; a number without unit is ms)", e.getMessage());
    }
}
