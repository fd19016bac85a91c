package org.mastspark.connector.client.cutout;

import java.io.Serializable;

/**
 * One file of a cutout answer, written to the caller's sink and checked: its bytes matched the zip's CRC-32
 * and size.
 *
 * @param ordinal its place in the answer, from 0
 * @param fileName the name made from its header values ({@link CutoutFiles}), never from the zip member's name
 * @param bytes its length
 * @param sha256 lower-case hex SHA-256 of its bytes
 * @param header what its FITS headers say, or null for a jpg/png image
 */
public record CutoutMember(int ordinal, String fileName, long bytes, String sha256, CutoutFiles.CutoutHeader header)
        implements Serializable {}
