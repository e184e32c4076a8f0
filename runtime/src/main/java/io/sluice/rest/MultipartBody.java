package io.sluice.rest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A multipart/form-data request body (RFC 7578) whose file parts are streamed from disk, so an
 * upload of a large jar does not have to fit in memory.
 */
final class MultipartBody {

    private static final String CRLF = "\r\n";

    private final String boundary = "----sluice-" + UUID.randomUUID().toString().replace("-", "");
    private final List<BodyPublisher> parts = new ArrayList<>();

    MultipartBody(Map<String, String> fields, List<RestClient.FilePart> files) throws FileNotFoundException {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            text("--" + boundary + CRLF
                    + "Content-Disposition: form-data; name=\"" + escape(field.getKey()) + "\"" + CRLF
                    + "Content-Type: text/plain; charset=UTF-8" + CRLF + CRLF
                    + field.getValue() + CRLF);
        }
        for (RestClient.FilePart file : files) {
            text("--" + boundary + CRLF
                    + "Content-Disposition: form-data; name=\"" + escape(file.fieldName())
                    + "\"; filename=\"" + escape(file.fileName()) + "\"" + CRLF
                    + "Content-Type: application/octet-stream" + CRLF + CRLF);
            parts.add(BodyPublishers.ofFile(file.file()));
            text(CRLF);
        }
        text("--" + boundary + "--" + CRLF);
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** All parts have a known length, so the whole body is sent with a Content-Length. */
    BodyPublisher publisher() {
        return BodyPublishers.concat(parts.toArray(BodyPublisher[]::new));
    }

    private void text(String text) {
        parts.add(BodyPublishers.ofByteArray(text.getBytes(UTF_8)));
    }

    /** As browsers do: quotes and line breaks would end the header value early. */
    private static String escape(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
