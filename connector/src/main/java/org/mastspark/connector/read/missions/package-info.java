/**
 * The read of MAST's Mission Search API ({@code missions/<mission>} and its {@code /products}): predicates
 * as {@code conditions}, paged or cone-tiled partitions, and the search columns recomputed for tiled reads.
 */
package org.mastspark.connector.read.missions;
