package io.sluice.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UploadFileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"job.jar", "word-count_1.0.jar", "my job.jar", "ümlaut.jar", ".hidden", "a.b.jar"})
    void acceptsPlainNames(String name) {
        assertTrue(UploadFileNames.isPlain(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ".", "..", "../evil.jar", "a/b.jar", "/etc/passwd", "..\\evil.jar",
            "C:\\Users\\me\\job.jar", "a\u0000.jar", "a\nb.jar", "a\u007f.jar", "job..jar"})
    void refusesPathsAndControlCharacters(String name) {
        assertFalse(UploadFileNames.isPlain(name));
    }

    @Test
    void messageNamesTheFileAndTheRule() {
        RestException e = assertThrows(RestException.class, () -> UploadFileNames.validate("../evil\n.jar"));
        assertEquals("upload file name '../evil?.jar' is not allowed: use a plain file name without path "
                + "separators or '..'", e.getMessage());
    }
}
