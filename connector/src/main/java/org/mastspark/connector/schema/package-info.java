/**
 * The fixed Spark schemas of the {@code observations} and {@code products} datasets, and the mapping from
 * MAST's value types to Spark types.
 */
package org.mastspark.connector.schema;
