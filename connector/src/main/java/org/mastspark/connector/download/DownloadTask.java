package org.mastspark.connector.download;

import java.io.Serializable;

/**
 * One distinct file to download, planned on the driver.
 *
 * @param dataUri the product's URI
 * @param relativePath where it goes inside the destination ({@code /} separators, every part checked)
 * @param expectedSize the products table's {@code size}, or -1
 * @param knownSha256 the SHA-256 the previous manifest recorded for this URI at this path, or null
 * @param cloudPath the product's path in the cloud copy (from path_lookup, e.g. {@code /hst/public/...}), or null
 */
record DownloadTask(String dataUri, String relativePath, long expectedSize, String knownSha256, String cloudPath)
        implements Serializable {}
