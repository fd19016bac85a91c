/**
 * The custom metrics MAST scans report to the Spark UI (requests, retries, bytes, rows, time MAST spent
 * executing queries).
 */
package org.mastspark.connector.metrics;
