package org.mastspark.connector.client.cutout;

import java.io.Serializable;

/**
 * One TESS sector, camera and CCD whose full-frame images cover a position (or a moving target's path), as
 * TESScut's {@code sector} endpoints list them.
 *
 * @param sectorName the cube's name, e.g. {@code tess-s0001-1-3}
 * @param sector sector number (MAST sends it as text, zero-padded or not)
 * @param camera camera, 1 to 4
 * @param ccd CCD, 1 to 4
 */
public record TessSector(String sectorName, int sector, int camera, int ccd) implements Serializable {}
