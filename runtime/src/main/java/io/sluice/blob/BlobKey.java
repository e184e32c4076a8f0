package io.sluice.blob;

/** Content address of a stored file: hex SHA-256 of its bytes, plus its size and a display name. */
public record BlobKey(String sha256, long size, String name) {
    public BlobKey {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a blob key: " + sha256);
        }
    }
}
