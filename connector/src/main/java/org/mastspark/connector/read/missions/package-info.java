/**
 * MAST's Mission Search API ({@code missions/<mission>} and its {@code /products}) as a source of the one read
 * stack ({@link org.mastspark.connector.read.missions.MissionSource}): predicates classified into
 * {@code conditions}, paged or HEALPix-tiled partitions, and the search columns computed from the user's
 * cone for tiled reads.
 */
package org.mastspark.connector.read.missions;
