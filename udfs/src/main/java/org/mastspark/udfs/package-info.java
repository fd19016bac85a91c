/**
 * The Spark session extension that registers the mast-spark SQL functions in every session of an
 * application.
 */
package org.mastspark.udfs;
