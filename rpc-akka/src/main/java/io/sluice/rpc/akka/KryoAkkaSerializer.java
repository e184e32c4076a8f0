package io.sluice.rpc.akka;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.JSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;

/** Akka serializer for {@link RemoteMessage}s; configured by {@link AkkaRpcService}. */
public final class KryoAkkaSerializer extends JSerializer {

    /** Any number above Akka's reserved range 0-40. */
    private static final int IDENTIFIER = 1_953_590_000;

    private final Pool<Kryo> kryos;

    public KryoAkkaSerializer(ExtendedActorSystem system) {
        ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
        this.kryos = new Pool<>(true, false, 64) {
            @Override
            protected Kryo create() {
                return KryoSerialization.newKryo(resolver);
            }
        };
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object o) {
        Kryo kryo = kryos.obtain();
        try {
            Output out = new Output(256, -1);
            kryo.writeClassAndObject(out, o);
            return out.toBytes();
        } finally {
            kryos.free(kryo);
        }
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        Kryo kryo = kryos.obtain();
        try {
            return kryo.readClassAndObject(new Input(bytes));
        } finally {
            kryos.free(kryo);
        }
    }
}
