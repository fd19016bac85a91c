/**
 * Object name resolution with MAST's SANTA resolver on the executors, batched and cached: a DataFrame
 * column of names resolved to coordinates, and the same as SQL functions ({@code mast_resolve},
 * {@code mast_resolve_names}).
 */
package org.mastspark.udfs.resolve;
