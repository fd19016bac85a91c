/**
 * The Spark DataSource V2 read of MAST's Portal services ({@code observations}, {@code products},
 * {@code catalogs/<name>}, {@code portal:<Service>}): predicate, column, limit and count pushdown to Portal
 * queries, partition planning on the driver and page reading on the executors.
 */
package org.mastspark.connector.read;
