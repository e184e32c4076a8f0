package io.sluice.translation;

import io.sluice.api.streamgraph.StreamGraph;
import io.sluice.api.streamgraph.Transformation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Stable operator ids: the same program yields the same ids on every run, which later lets state be
 * matched to operators after a restart or an upgrade. An operator with a uid gets an id derived from
 * the uid alone, so it survives edits elsewhere in the program; any other operator gets one derived
 * from its position (its input's id and its rank among that input's consumers).
 */
final class OperatorIds {

    private OperatorIds() {
    }

    /** 32 lower-case hex characters per transformation of the graph. */
    static Map<Transformation<?>, String> assign(StreamGraph graph) {
        Map<Transformation<?>, String> ids = new HashMap<>();
        List<Transformation<?>> sources = graph.sources();
        for (Transformation<?> t : graph.transformations()) { // inputs come first, so their ids exist
            String id;
            if (t.uid() != null) {
                id = hash("uid\u0000" + t.uid());
            } else if (t.inputs().isEmpty()) {
                id = hash("source\u0000" + sources.indexOf(t));
            } else {
                StringBuilder position = new StringBuilder("operator");
                for (Transformation<?> input : t.inputs()) {
                    position.append('\u0000').append(ids.get(input))
                            .append('\u0000').append(graph.consumersOf(input).indexOf(t));
                }
                id = hash(position.toString());
            }
            ids.put(t, id);
        }
        return ids;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
