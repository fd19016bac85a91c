/**
 * The emulator's synthetic MAST: the deterministic sky ({@link org.mastspark.emulator.sky.SyntheticSky}:
 * observations, products, catalogs, mission datasets, Pan-STARRS objects) and the evaluation of Portal,
 * Mission Search and Pan-STARRS catalogs queries over it. Nothing here speaks HTTP; the handlers in
 * {@code org.mastspark.emulator} turn requests into these calls and the answers into MAST's wire format.
 */
package org.mastspark.emulator.sky;
