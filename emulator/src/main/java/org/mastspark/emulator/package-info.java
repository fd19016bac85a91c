/**
 * A local MAST that speaks the real wire protocol, embeddable in tests ({@link org.mastspark.emulator.MastEmulator})
 * and runnable alone ({@link org.mastspark.emulator.EmulatorMain}): one HTTP handler per MAST API (Portal, Mission
 * Search, Pan-STARRS catalogs, SANTA, downloads), MAST's recorded answers, injected faults and the request log.
 */
package org.mastspark.emulator;
