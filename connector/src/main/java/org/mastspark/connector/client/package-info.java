/**
 * Spark-free HTTP clients of MAST's APIs (Portal, Mission Search, Pan-STARRS catalogs, SANTA, path lookup,
 * file download): pooled and rate-capped transport with retries, and rows streamed from the answers into
 * a caller's sink without whole-page trees.
 */
package org.mastspark.connector.client;
