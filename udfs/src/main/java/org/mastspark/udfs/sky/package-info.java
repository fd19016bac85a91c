/**
 * The sky functions (angular distance, cone tests, coordinate parsing, HEALPix) as Spark SQL functions
 * and as {@code Column} functions.
 */
package org.mastspark.udfs.sky;
