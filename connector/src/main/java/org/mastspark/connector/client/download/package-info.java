/**
 * Getting MAST's files: streamed downloads with resume and checksums, and {@code path_lookup}, where
 * products live in the public cloud bucket.
 */
package org.mastspark.connector.client.download;
