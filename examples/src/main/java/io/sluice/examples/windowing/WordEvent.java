package io.sluice.examples.windowing;

import java.io.Serializable;

/** One word at an event time (epoch milliseconds, or synthetic milliseconds for generated input). */
public record WordEvent(String word, long timestamp) implements Serializable {
}
