package io.sluice.streaming.source;

import io.sluice.api.connector.source.builtin.CollectionSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.streaming.CollectingOutput;
import io.sluice.streaming.SourceOperator;
import io.sluice.api.common.UserCodeSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CollectionSourceTest {

    record Person(String name, int age) implements java.io.Serializable {
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void parallelInstancesTogetherEmitEachElementOnceInOrder(int parallelism) throws Exception {
        List<String> input = IntStream.range(0, 2500).mapToObj(i -> "e" + i).toList();
        CollectionSource<String> source = new CollectionSource<>(input);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            all.addAll(SourceHarness.runToEnd(source, i, parallelism));
        }
        // instances take contiguous parts in subtask order, so the concatenation is the input
        assertEquals(input, all);
    }

    @Test
    void elementsOfUserTypesSurviveTheTrip() throws Exception {
        List<Person> people = List.of(new Person("ada", 36), new Person("alan", 41));
        assertEquals(people, SourceHarness.runToEnd(new CollectionSource<>(people), 0, 1));
    }

    @Test
    void emptyCollectionEndsAtOnce() throws Exception {
        assertEquals(List.of(), SourceHarness.runToEnd(new CollectionSource<String>(List.of()), 0, 3));
        assertEquals(List.of(), SourceHarness.runToEnd(new CollectionSource<String>(List.of()), 2, 3));
    }

    @Test
    void laterChangesToTheCollectionDoNotReachTheJob() throws Exception {
        List<String> input = new ArrayList<>(List.of("a", "b"));
        CollectionSource<String> source = new CollectionSource<>(input);
        input.add("c");
        assertEquals(List.of("a", "b"), SourceHarness.runToEnd(source, 0, 1));
    }

    @Test
    void notSerializableElementIsNamed() {
        Object notSerializable = new Object();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CollectionSource<>(Arrays.asList("ok", notSerializable)));
        assertTrue(e.getMessage().contains("element 1") && e.getMessage().contains("java.lang.Object")
                && e.getMessage().contains("java.io.Serializable"), e.getMessage());
    }

    @Test
    void nullElementIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CollectionSource<>(Arrays.asList("a", null)));
        assertTrue(e.getMessage().contains("element 1") && e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void restartFromSavedPositionEmitsExactlyTheRest() throws Exception {
        List<Integer> input = IntStream.range(0, 10_000).boxed().toList();
        CollectionSource<Integer> source = new CollectionSource<>(input);
        for (int index = 0; index < 3; index++) {
            List<Integer> expected = SourceHarness.runToEnd(source, index, 3);

            var first = new ReaderDriver<>(source);
            CollectingOutput<Integer> out = new CollectingOutput<>();
            first.setup(SourceHarness.context("source", index, 3), out);
            first.open();
            first.emitNext();
            first.emitNext();
            byte[] saved = UserCodeSerialization.serialize(first.currentPosition());
            first.close();

            var second = new ReaderDriver<>(source);
            second.setup(SourceHarness.context("source", index, 3), out);
            second.restorePosition((java.util.List) UserCodeSerialization.deserialize(saved, getClass().getClassLoader()));
            second.open();
            while (second.emitNext() == SourceOperator.Status.MORE_AVAILABLE) {
                // to the end
            }
            assertEquals(expected, out.values(), "subtask " + index + ": first run + restarted run");
        }
    }
}
