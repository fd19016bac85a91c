package org.mastspark.connector.read;

import java.util.Locale;
import org.mastspark.connector.MastOptions;

/**
 * The ceiling on the requests one read plans (option {@code maxPlannedRequests}): every read path checks
 * its plan here before it sends the requests, so a read that would storm MAST (a whole-sky tiled cone, a
 * huge table in tiny pages) fails at planning time with the count, the limit and the fix.
 */
public final class PlannedRequests {
    private PlannedRequests() {}

    /**
     * Fails when {@code requests} exceeds the read's limit.
     *
     * @param read what is read, e.g. {@code missions/hst}
     * @param requests the requests the plan sends (at least)
     * @param why what the requests are, e.g. "one per tile of at most 30 arcmin covering a 3 deg cone"
     * @throws IllegalArgumentException naming the count, the limit and the fix
     */
    public static void check(MastOptions options, String read, long requests, String why) {
        int limit = options.maxPlannedRequests();
        if (requests > limit) {
            throw tooMany(read, requests, limit, why);
        }
    }

    /** The error of a plan of {@code requests} requests over {@code limit}. */
    public static IllegalArgumentException tooMany(String read, long requests, int limit, String why) {
        return new IllegalArgumentException(String.format(
                Locale.ROOT,
                "Reading %s would send at least %,d requests to MAST (%s), more than option 'maxPlannedRequests' allows"
                        + " (%,d): narrow the read (a smaller radius, more selective filters), or raise option"
                        + " 'maxPlannedRequests' to at least %d if MAST may take that many requests",
                read,
                requests,
                why,
                limit,
                requests));
    }
}
