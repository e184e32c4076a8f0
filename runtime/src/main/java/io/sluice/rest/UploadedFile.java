package io.sluice.rest;

import java.nio.file.Path;

/**
 * A file received in a multipart/form-data request.
 *
 * @param formFieldName name of the form part that carried the file
 * @param originalFileName the name the client gave (validated, informational only: never used
 *     to build a path)
 * @param storedPath where the server stored the bytes, under a generated name inside the upload
 *     directory; deleted after the request unless the handler moves it away
 * @param size number of bytes
 */
public record UploadedFile(String formFieldName, String originalFileName, Path storedPath, long size) {}
