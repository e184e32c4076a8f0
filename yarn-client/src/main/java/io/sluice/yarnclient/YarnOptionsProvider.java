package io.sluice.yarnclient;

import io.sluice.config.ConfigOptionsProvider;
import java.util.List;

/** Makes the YARN and security options known to the configuration loader and the generated docs. */
public final class YarnOptionsProvider implements ConfigOptionsProvider {
    @Override
    public List<Class<?>> optionClasses() {
        return List.of(YarnOptions.class, SecurityOptions.class);
    }
}
