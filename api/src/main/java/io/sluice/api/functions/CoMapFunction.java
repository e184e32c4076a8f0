package io.sluice.api.functions;

import java.io.Serializable;

/** Maps the records of two connected streams, each input with its own method, to one output type. */
public interface CoMapFunction<IN1, IN2, OUT> extends Serializable {

    OUT map1(IN1 value) throws Exception;

    OUT map2(IN2 value) throws Exception;
}
