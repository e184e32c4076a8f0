package io.sluice.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.List;

/** Turns Jackson's read failures into one sentence a REST user can act on. */
final class JsonErrors {

    private JsonErrors() {}

    static String describe(IOException e, Class<?> target) {
        if (e instanceof StreamReadException syntax) {
            return "Request body is not valid JSON: " + syntax.getOriginalMessage() + at(syntax.getLocation());
        }
        if (e instanceof ValueInstantiationException invalid) {
            Throwable cause = invalid.getCause() != null ? invalid.getCause() : invalid;
            return "Request body is not a valid " + describeType(target) + ": " + cause.getMessage();
        }
        if (e instanceof MismatchedInputException trailing
                && String.valueOf(trailing.getOriginalMessage()).startsWith("Trailing token")) {
            return "Request body is not valid JSON: unexpected content after the JSON value" + at(trailing.getLocation());
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = fieldPath(mismatch.getPath());
            String expected = mismatch.getTargetType() != null
                    ? describeType(mismatch.getTargetType()) : "another type";
            String got = mismatch instanceof InvalidFormatException format
                    ? " but got " + quote(format.getValue()) : "";
            if (!field.isEmpty() && String.valueOf(mismatch.getOriginalMessage()).startsWith("Cannot map `null`")) {
                // a primitive field that is absent or null: there is no sensible default
                return "Request body field '" + field + "' is missing or null: expected " + expected;
            }
            if (field.isEmpty()) {
                return "Request body has the wrong shape: expected " + expected + got
                        + at(mismatch.getLocation());
            }
            return "Request body field '" + field + "' has the wrong type: expected " + expected + got
                    + at(mismatch.getLocation());
        }
        if (e instanceof JsonProcessingException json) {
            return "Request body could not be read as " + describeType(target) + ": " + json.getOriginalMessage();
        }
        return "Request body could not be read: " + e.getMessage();
    }

    static String describeType(Class<?> type) {
        if (type.isRecord() || (!type.isPrimitive() && !type.getName().startsWith("java."))) {
            return "a JSON object (" + type.getSimpleName() + ")";
        }
        return type.getSimpleName();
    }

    /** Jackson's path as a user writes it: {@code vertices[2].parallelism}. */
    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
