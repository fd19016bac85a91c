/**
 * Spherical geometry that knows nothing of Spark or of MAST's APIs: angular distances, parsing of the
 * coordinates and angles users type, sky regions, nested HEALPix, and the HEALPix tiling of a region too
 * dense or too wide for one request.
 */
package org.mastspark.connector.sky;
