package org.mastspark.connector.client.cutout;

import java.io.Serializable;
import java.util.List;

/**
 * The outcome of a cutout request: the files it delivered, or MAST's "no result" message. A no-result answer
 * (a 2xx JSON {@code {"msg": ...}} instead of a zip: the target is off every detector, no survey covers it,
 * the sector is not cubed yet) is an outcome, not an exception, so that a bulk run records it for its target
 * and goes on.
 */
public sealed interface CutoutResult extends Serializable {
    /** Requests sent for this result, the first included. */
    int attempts();

    /**
     * The files of the answer, each already written to the caller's sink.
     *
     * @param members the files in the order of the answer
     * @param attempts requests sent
     */
    record Files(List<CutoutMember> members, int attempts) implements CutoutResult {
        public Files {
            members = List.copyOf(members);
        }
    }

    /**
     * MAST had nothing to cut.
     *
     * @param message MAST's message, e.g. "No FFIs found for input target. Cutout not performed."
     * @param attempts requests sent (more than one when a transient "No FFIs found" was retried)
     */
    record NoResult(String message, int attempts) implements CutoutResult {}
}
