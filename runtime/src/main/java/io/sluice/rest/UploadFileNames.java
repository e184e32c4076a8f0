package io.sluice.rest;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Checks client-supplied upload file names. The name is only recorded, never used in a path,
 * but a name with path parts is a sign of a confused or hostile client and is refused.
 */
final class UploadFileNames {

    private UploadFileNames() {}

    static void validate(String name) {
        if (!isPlain(name)) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, "upload file name '" + printable(name)
                    + "' is not allowed: use a plain file name without path separators or '..'");
        }
    }

    static boolean isPlain(String name) {
        if (name == null || name.isBlank() || name.equals(".") || name.contains("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** Control characters are replaced so the message cannot forge log lines. */
    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
