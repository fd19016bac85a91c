/**
 * The one Spark DataSource V2 read stack of every MAST API: table, scan builder (predicate, column, limit,
 * top-N and count pushdown through one predicate walk), scan, partitions and the one reader that writes MAST's
 * rows into a reused {@code UnsafeRow}. What differs per API is a {@link org.mastspark.connector.read.MastSource}
 * in a sub-package, listed in {@link org.mastspark.connector.read.Sources}.
 */
package org.mastspark.connector.read;
