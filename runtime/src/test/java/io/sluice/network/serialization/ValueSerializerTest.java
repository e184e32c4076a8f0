package io.sluice.network.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sluice.api.tuple.Tuple2;
import io.sluice.api.tuple.Tuple3;
import io.sluice.network.StreamRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueSerializerTest {

    public record Event(String user, long time, List<String> tags) {}

    private record Hidden(int x, Event inner, String maybe) {}

    @Test
    void javaRecordsNestedPrivateAndWithNullsRoundTrip() {
        ValueSerializer writer = new ValueSerializer(getClass().getClassLoader(), List.of());
        ValueSerializer reader = new ValueSerializer(getClass().getClassLoader(), List.of());
        Hidden h = new Hidden(3, new Event("bob", 9L, new ArrayList<>(List.of("t"))), null);
        Output out = new Output(64, -1);
        writer.write(out, h);
        writer.write(out, new Tuple2<>(h, new Event("c", 1L, new ArrayList<>())));
        Input in = new Input(out.getBuffer(), 0, out.position());
        assertEquals(h, reader.read(in));
        assertEquals(new Tuple2<>(h, new Event("c", 1L, new ArrayList<>())), reader.read(in));
    }

    public static final class Pojo {
        public int a;
        public String b;

        @Override
        public boolean equals(Object o) {
            return o instanceof Pojo p && p.a == a && java.util.Objects.equals(p.b, b);
        }

        @Override
        public int hashCode() {
            return a;
        }
    }

    private static Object roundTrip(ValueSerializer s, Object value) {
        Output out = new Output(64, -1);
        s.write(out, value);
        return s.read(new Input(out.getBuffer(), 0, out.position()));
    }

    @Test
    void fastPathsAndKryoRoundTrip() {
        ValueSerializer s = new ValueSerializer(getClass().getClassLoader(), List.of());
        Pojo pojo = new Pojo();
        pojo.a = 7;
        pojo.b = "seven";
        for (Object v : Arrays.asList(null, 42L, -1, 3.5, "text", "", true, false, new Tuple2<>("k", 1L),
                new Tuple3<>(1, "two", 3.0), new Tuple2<>(new Tuple2<>(1L, 2L), null),
                new Event("ann", 5L, new ArrayList<>(List.of("a", "b"))), pojo, Long.MIN_VALUE)) {
            assertEquals(v, roundTrip(s, v), "round trip of " + v);
        }
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) roundTrip(s, new byte[] {1, 2, 3}));
        assertEquals(Map.of("a", 1), roundTrip(s, new java.util.HashMap<>(Map.of("a", 1))));
    }

    @Test
    void fastPathsAreCompact() {
        ValueSerializer s = new ValueSerializer(getClass().getClassLoader(), List.of());
        Output out = new Output(64, -1);
        s.write(out, 42L);
        assertEquals(9, out.position(), "tag + 8 bytes");
        out.reset();
        s.write(out, new Tuple2<>(7L, 1));
        assertEquals(1 + 9 + 5, out.position());
    }

    @Test
    void registeredTypesTravelAsIdsNotNames() {
        Event e = new Event("ann", 5L, new ArrayList<>(List.of("x")));
        Output unregistered = new Output(64, -1);
        new ValueSerializer(getClass().getClassLoader(), List.of()).write(unregistered, e);
        ValueSerializer registered = new ValueSerializer(getClass().getClassLoader(), List.of(Event.class));
        Output out = new Output(64, -1);
        registered.write(out, e);
        assertTrue(out.position() + Event.class.getName().length() - 4 <= unregistered.position(),
                out.position() + " vs " + unregistered.position());
        assertEquals(e, registered.read(new Input(out.getBuffer(), 0, out.position())));
    }

    @Test
    void missingRegisteredClassIsAClearError() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
                ValueSerializer.loadTypes(List.of("com.example.Missing"), getClass().getClassLoader()));
        assertTrue(ex.getMessage().contains("com.example.Missing"), ex.getMessage());
    }

    @Test
    void recordsKeepTheirTimestamp() {
        StreamElementCodec codec = new StreamElementCodec(new ValueSerializer(getClass().getClassLoader(), List.of()));
        Output out = new Output(64, -1);
        codec.writeRecord(out, new StreamRecord<>("a", 99L));
        codec.writeRecord(out, new StreamRecord<>("b"));
        Input in = new Input(out.getBuffer(), 0, out.position());
        StreamRecord<Object> reuse = new StreamRecord<>(null);
        codec.readRecord(in, in.readByte(), reuse);
        assertEquals(new StreamRecord<>("a", 99L), reuse);
        codec.readRecord(in, in.readByte(), reuse);
        assertEquals(new StreamRecord<>("b"), reuse);
    }
}
