package io.sluice.rpc.akka;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import io.sluice.rpc.SerializedThrowable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The Kryo setup for remote messages. Messages are records of runtime classes; collections travel
 * as plain lists/sets/maps (JDK immutable collections cannot be rebuilt reflectively on JDK 17),
 * failures as {@link SerializedThrowable}, actor refs as their serialized paths.
 */
final class KryoSerialization {

    private KryoSerialization() {}

    static Kryo newKryo(ActorRefResolver resolver) {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(false);
        kryo.setClassLoader(KryoSerialization.class.getClassLoader());
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        // JDK classes Kryo would otherwise open reflectively, which JDK 17 forbids.
        kryo.addDefaultSerializer(java.util.UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(java.net.URI.class, new DefaultSerializers.URISerializer());
        kryo.addDefaultSerializer(Throwable.class, new ThrowableSerializer());
        kryo.addDefaultSerializer(ActorRef.class, new ActorRefSerializer(resolver));
        kryo.addDefaultSerializer(List.class, new ListSerializer());
        kryo.addDefaultSerializer(Set.class, new SetSerializer());
        kryo.addDefaultSerializer(Map.class, new MapSerializer());
        return kryo;
    }

    private static final class ThrowableSerializer extends Serializer<Throwable> {
        @Override
        public void write(Kryo kryo, Output out, Throwable t) {
            SerializedThrowable s = SerializedThrowable.of(t);
            out.writeString(s.originalClassName());
            out.writeString(s.getMessage());
            out.writeString(s.originalStackTrace());
            kryo.writeObjectOrNull(out, s.getCause(), Throwable.class);
        }

        @Override
        public Throwable read(Kryo kryo, Input in, Class<? extends Throwable> type) {
            String className = in.readString();
            String message = in.readString();
            String stack = in.readString();
            SerializedThrowable cause = (SerializedThrowable) kryo.readObjectOrNull(in, Throwable.class);
            return new SerializedThrowable(className, message, stack, cause);
        }
    }

    private static final class ActorRefSerializer extends Serializer<ActorRef<?>> {
        private final ActorRefResolver resolver;

        ActorRefSerializer(ActorRefResolver resolver) {
            this.resolver = resolver;
        }

        @Override
        public void write(Kryo kryo, Output out, ActorRef<?> ref) {
            out.writeString(resolver.toSerializationFormat(ref));
        }

        @Override
        public ActorRef<?> read(Kryo kryo, Input in, Class<? extends ActorRef<?>> type) {
            return resolver.resolveActorRef(in.readString());
        }
    }

    private static final class ListSerializer extends Serializer<List<?>> {
        @Override
        public void write(Kryo kryo, Output out, List<?> list) {
            out.writeVarInt(list.size(), true);
            for (Object o : list) {
                kryo.writeClassAndObject(out, o);
            }
        }

        @Override
        public List<?> read(Kryo kryo, Input in, Class<? extends List<?>> type) {
            int n = in.readVarInt(true);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(kryo.readClassAndObject(in));
            }
            return Collections.unmodifiableList(list);
        }
    }

    private static final class SetSerializer extends Serializer<Set<?>> {
        @Override
        public void write(Kryo kryo, Output out, Set<?> set) {
            out.writeVarInt(set.size(), true);
            for (Object o : set) {
                kryo.writeClassAndObject(out, o);
            }
        }

        @Override
        public Set<?> read(Kryo kryo, Input in, Class<? extends Set<?>> type) {
            int n = in.readVarInt(true);
            Set<Object> set = new LinkedHashSet<>();
            for (int i = 0; i < n; i++) {
                set.add(kryo.readClassAndObject(in));
            }
            return Collections.unmodifiableSet(set);
        }
    }

    private static final class MapSerializer extends Serializer<Map<?, ?>> {
        @Override
        public void write(Kryo kryo, Output out, Map<?, ?> map) {
            out.writeVarInt(map.size(), true);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                kryo.writeClassAndObject(out, e.getKey());
                kryo.writeClassAndObject(out, e.getValue());
            }
        }

        @Override
        public Map<?, ?> read(Kryo kryo, Input in, Class<? extends Map<?, ?>> type) {
            int n = in.readVarInt(true);
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                map.put(kryo.readClassAndObject(in), kryo.readClassAndObject(in));
            }
            return Collections.unmodifiableMap(map);
        }
    }
}
