/**
 * A Spark-free client of MAST's image cutout services: TESScut (TESS full-frame image cutouts, target pixel
 * files), Zcut (deep-field surveys) and Hapcut (Hubble Advanced Products), with sizes checked before sending
 * ({@link org.mastspark.connector.client.cutout.CutoutSize}), answers streamed and unzipped member by member
 * into the caller's sinks, files named from their own headers
 * ({@link org.mastspark.connector.client.cutout.CutoutFiles}), and every request through a permit of a
 * limiter ({@link org.mastspark.connector.client.cutout.RequestPermits}).
 */
package org.mastspark.connector.client.cutout;
