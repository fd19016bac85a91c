package org.mastspark.connector.download;

import java.io.Serializable;

/**
 * One distinct file to download, planned on the driver. A plain class, not a record: it travels to the
 * executors inside a parallelized collection, which Spark writes with the data serializer, and Kryo's
 * FieldSerializer cannot write records ("can't get field offset on a record class").
 */
final class DownloadTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String dataUri;
    private final String relativePath;
    private final long expectedSize;
    private final String knownSha256;
    private final String cloudPath;

    /**
     * @param dataUri the product's URI
     * @param relativePath where it goes inside the destination ({@code /} separators, every part checked)
     * @param expectedSize the products table's {@code size}, or -1
     * @param knownSha256 the SHA-256 the previous manifest recorded for this URI at this path, or null
     * @param cloudPath the product's path in the cloud copy (from path_lookup, e.g. {@code /hst/public/...}),
     *     or null
     */
    DownloadTask(String dataUri, String relativePath, long expectedSize, String knownSha256, String cloudPath) {
        this.dataUri = dataUri;
        this.relativePath = relativePath;
        this.expectedSize = expectedSize;
        this.knownSha256 = knownSha256;
        this.cloudPath = cloudPath;
    }

    String dataUri() {
        return dataUri;
    }

    String relativePath() {
        return relativePath;
    }

    long expectedSize() {
        return expectedSize;
    }

    String knownSha256() {
        return knownSha256;
    }

    String cloudPath() {
        return cloudPath;
    }

    @Override
    public String toString() {
        return "DownloadTask[" + dataUri + " -> " + relativePath + "]";
    }
}
