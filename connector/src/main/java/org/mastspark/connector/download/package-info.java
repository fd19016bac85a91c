/**
 * The distributed downloader ({@link org.mastspark.connector.download.MastDownloader}): data products
 * fetched on the executors into any Hadoop FileSystem, made visible only when complete, and reported in a
 * manifest.
 */
package org.mastspark.connector.download;
