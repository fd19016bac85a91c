/**
 * The transport every MAST client shares: pooled, per-endpoint capped HTTP with retries, backoff and
 * rate limits, the token sent only to MAST's own endpoint and redacted from logs, and its configuration
 * and counters.
 */
package org.mastspark.connector.client.http;
