package ${package};

/**
 * The {@code sequence}-th reading (from 1) of sensor {@code sensor}. The values are generated, so
 * the output can be checked against a computation of its own ({@link SensorTotals} says how).
 */
public record Reading(int sensor, long sequence, long value) {

    /** The value of a sensor's {@code sequence}-th reading. */
    public static long valueOf(int sensor, long sequence) {
        return (sensor * 31L + sequence * 17L) % 100;
    }
}
