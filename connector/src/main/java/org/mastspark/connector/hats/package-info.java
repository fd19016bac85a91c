/**
 * HATS catalogs (HEALPix-partitioned Parquet) without Spark: the catalog's description ({@code HatsCatalog}),
 * the sky pruning of its partitions ({@code HatsPixels}) and {@link org.mastspark.connector.hats.ParquetRows},
 * which streams the rows of one Parquet file, or of a byte range of it, into a
 * {@link org.mastspark.connector.client.rows.RowSink} with column projection and parquet-java's filters.
 * Only Hadoop's FileSystem and parquet-java are used here, so executors need nothing but those.
 */
package org.mastspark.connector.hats;
