package io.sluice.api.streamgraph;

import io.sluice.api.OutputTag;
import java.util.List;
import java.util.Objects;

/** Not an operator: the records its input operator emits to the side output {@code tag}. */
public final class SideOutputTransformation<T> extends Transformation<T> {

    private final Transformation<?> input;
    private final OutputTag<T> tag;

    public SideOutputTransformation(int id, Transformation<?> input, OutputTag<T> tag) {
        super(id, "Side Output " + tag.getId());
        this.input = Objects.requireNonNull(input, "input");
        this.tag = tag;
    }

    public OutputTag<T> tag() {
        return tag;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input);
    }

    @Override
    public Operation operation() {
        return null;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }
}
