/**
 * The read of the Pan-STARRS tables of MAST's catalogs API ({@code catalogs/panstarrs/<release>/<table>}):
 * predicates as decorated parameters, and partitions that walk pages or cone tiles.
 */
package org.mastspark.connector.read.panstarrs;
