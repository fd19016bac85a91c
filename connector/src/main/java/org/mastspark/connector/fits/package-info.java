/**
 * {@code spark.read().format("fits")}: FITS binary tables and images as DataFrames, from any Hadoop
 * FileSystem. Headers and types come from nom-tam-fits; rows are decoded from positioned reads with 64-bit
 * offsets.
 */
package org.mastspark.connector.fits;
