package io.sluice.api.windowing.triggers;

/** What a window does after a trigger call: evaluate the function (FIRE), drop its contents (PURGE), both, or nothing. */
public enum TriggerResult {
    CONTINUE(false, false),
    FIRE(true, false),
    PURGE(false, true),
    FIRE_AND_PURGE(true, true);

    private final boolean fire;
    private final boolean purge;

    TriggerResult(boolean fire, boolean purge) {
        this.fire = fire;
        this.purge = purge;
    }

    public boolean isFire() {
        return fire;
    }

    public boolean isPurge() {
        return purge;
    }
}
