/**
 * MAST in Spark SQL: {@link org.mastspark.connector.sql.MastSqlCatalog}, a read-only catalog of every MAST
 * source the connector reads, and its functions.
 */
package org.mastspark.connector.sql;
