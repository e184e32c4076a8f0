package io.sluice.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one Jackson configuration shared by REST server and client, so both sides agree on the
 * wire format.
 *
 * <ul>
 *   <li>Unknown properties are ignored when reading: a newer client may talk to an older
 *       server and vice versa, each ignoring fields it does not know.
 *   <li>Trailing content after the JSON value and {@code null} for primitive fields are
 *       rejected, so sloppy input fails loudly instead of being half read.
 *   <li>Java records work out of the box. No java.time module is present: put timestamps on
 *       the wire as epoch milliseconds ({@code long}).
 * </ul>
 *
 * <p>The returned mapper is shared and thread-safe; do not reconfigure it.
 */
public final class RestMapper {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private RestMapper() {}

    public static ObjectMapper get() {
        return MAPPER;
    }
}
