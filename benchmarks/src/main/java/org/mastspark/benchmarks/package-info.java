/**
 * Benchmarks of mast-spark against the emulator, each beside astroquery 0.4.6 doing the same work: reads,
 * sky-tiled catalog and Pan-STARRS reads, downloads, name resolution, and the emulator's own serving rate.
 */
package org.mastspark.benchmarks;
