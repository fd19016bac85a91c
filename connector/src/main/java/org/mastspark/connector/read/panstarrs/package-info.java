/**
 * The read of the Pan-STARRS tables of MAST's catalogs API ({@code catalogs/panstarrs/<release>/<table>}):
 * predicates as decorated parameters, and partitions that walk pages of the user's cone or of HEALPix cells.
 */
package org.mastspark.connector.read.panstarrs;
