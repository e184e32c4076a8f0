package io.sluice.rest;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.EndOfDataDecoderException;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Streams one multipart/form-data body through Netty's decoder, whose data factory writes parts
 * to temporary files in the upload directory, so memory use does not grow with upload size.
 * Not thread-safe: used from the connection's event loop only.
 */
final class MultipartReceiver {

    /** Files and fields of a completely received multipart body. */
    record Parts(List<UploadedFile> files, Map<String, String> fields) {}

    private final Path uploadDir;
    private final HttpPostRequestDecoder decoder;
    private final List<FileUpload> fileParts = new ArrayList<>();
    private final Map<String, String> fields = new LinkedHashMap<>();

    /** @throws RestException 400 if the multipart header (boundary) is malformed */
    MultipartReceiver(HttpRequest request, HttpDataFactory factory, Path uploadDir) {
        this.uploadDir = uploadDir;
        try {
            this.decoder = new HttpPostRequestDecoder(factory, request);
        } catch (DecoderException e) {
            throw malformed(e);
        }
    }

    static boolean isMultipart(HttpRequest request) {
        return HttpPostRequestDecoder.isMultipart(request);
    }

    /**
     * Feeds one chunk. File names are checked as soon as a part's headers have arrived, so a
     * refused upload stops before its bytes are written to disk.
     *
     * @throws RestException 400 for a refused file name or a malformed body
     */
    void offer(HttpContent chunk) {
        try {
            decoder.offer(chunk);
            collectCompletedParts();
            if (decoder.currentPartialHttpData() instanceof FileUpload partial) {
                UploadFileNames.validate(partial.getFilename());
            }
        } catch (DecoderException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, "cannot read multipart form field: " + e.getMessage(), e);
        }
    }

    /**
     * Moves every received file to a generated name inside the upload directory. Call after
     * the last chunk; the caller owns the returned files. Always call {@link #discard()} after.
     */
    Parts finish() throws IOException {
        List<UploadedFile> stored = new ArrayList<>();
        try {
            for (FileUpload upload : fileParts) {
                stored.add(store(upload));
            }
        } catch (IOException | RuntimeException e) {
            for (UploadedFile file : stored) {
                Files.deleteIfExists(file.storedPath());
            }
            throw e;
        }
        return new Parts(stored, fields);
    }

    /** Releases the decoder and deletes its temporary files (moved files are not affected). */
    void discard() {
        decoder.destroy();
    }

    private void collectCompletedParts() throws IOException {
        try {
            while (decoder.hasNext()) {
                InterfaceHttpData data = decoder.next();
                if (data instanceof FileUpload upload) {
                    UploadFileNames.validate(upload.getFilename());
                    fileParts.add(upload);
                } else if (data instanceof Attribute attribute) {
                    fields.putIfAbsent(attribute.getName(), attribute.getValue());
                }
            }
        } catch (EndOfDataDecoderException endOfBody) {
            // every part has been collected
        }
    }

    private UploadedFile store(FileUpload upload) throws IOException {
        // The client's file name never takes part in the path: the stored name is generated.
        Path target = uploadDir.resolve(UUID.randomUUID().toString()).normalize();
        if (!target.getParent().equals(uploadDir)) {
            throw new IOException("stored upload path " + target + " escapes the upload directory " + uploadDir);
        }
        File temp = upload.isInMemory() ? null : upload.getFile();
        if (temp != null && temp.exists()) {
            Files.move(temp.toPath(), target);
        } else {
            Files.write(target, upload.isInMemory() ? upload.get() : new byte[0]);
        }
        return new UploadedFile(upload.getName(), upload.getFilename(), target, Files.size(target));
    }

    private static RestException malformed(DecoderException e) {
        Throwable cause = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        return new RestException(HttpResponseStatus.BAD_REQUEST,
                "multipart request body is malformed: " + cause.getMessage(), e);
    }
}
