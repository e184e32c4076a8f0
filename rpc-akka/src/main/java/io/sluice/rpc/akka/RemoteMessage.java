package io.sluice.rpc.akka;

/** Messages that may cross JVMs; bound to the Kryo serializer in the Akka configuration. */
interface RemoteMessage {}
