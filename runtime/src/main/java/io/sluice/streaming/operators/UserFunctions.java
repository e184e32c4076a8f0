package io.sluice.streaming.operators;

import io.sluice.api.functions.RichFunction;
import io.sluice.api.functions.RuntimeContext;

/** Lifecycle calls on user functions that opted into them by implementing {@link RichFunction}. */
public final class UserFunctions {

    private UserFunctions() {
    }

    public static void open(Object function, RuntimeContext context) throws Exception {
        if (function instanceof RichFunction rich) {
            rich.setRuntimeContext(context);
            rich.open();
        }
    }

    public static void close(Object function) throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }
}
