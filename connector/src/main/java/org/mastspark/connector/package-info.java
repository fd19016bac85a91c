/**
 * The public entry points of the connector: the {@code format("mast")} data source and its options
 * ({@link org.mastspark.connector.MastOptions}, {@link org.mastspark.connector.MastTokens}), and the
 * DataFrame helpers that look up data products of observations and mission datasets.
 */
package org.mastspark.connector;
