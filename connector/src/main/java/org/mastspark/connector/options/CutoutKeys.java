package org.mastspark.connector.options;

import java.util.List;
import org.mastspark.connector.client.cutout.CutoutSize;
import org.mastspark.connector.sky.SkyParse;

/**
 * Options of {@code MastCutouts} (README: "Cutouts", Options). Its MAST connection options are {@link ReadKeys}'
 * ({@code baseUrl}, {@code token}, {@code maxAttempts}, ...); {@code MastCutouts.download} also takes the
 * downloader's {@code commit}, {@code partitions}, {@code ifExists}, {@code progressIntervalSeconds} and
 * {@code fs.*} ({@link DownloadKeys}).
 */
public final class CutoutKeys {
    private static final KeySet KEYS = new KeySet(OptionArea.CUTOUTS);

    public static final OptionKey<String> SERVICE = KEYS.choice(
            "service",
            "tesscut",
            null,
            List.of("tesscut", "zcut", "hapcut"),
            "the cutout service: TESScut (TESS full-frame images), Zcut (deep fields) or Hapcut (Hubble HAP)");
    public static final OptionKey<CutoutSize> SIZE = KEYS.add(
            "size",
            CutoutSize.pixels(5),
            "`5` (pixels, astroquery's)",
            (option, text) -> CutoutSize.parse(text),
            "cutout size: `20`, `20x30` (rows x columns, pixels), `30arcsec`, `2arcmin`, `0.1deg`; a `size` column"
                    + " overrides it per row");
    public static final OptionKey<String> FORMAT = KEYS.choice(
            "format", "fits", null, List.of("fits", "jpg", "png"), "Zcut's file format (TESScut and Hapcut are FITS)");
    public static final OptionKey<Double> RADIUS = KEYS.add(
            "radius",
            0.0,
            "`0` (the position only)",
            (option, text) -> text.matches("0+(\\.0*)?") ? 0.0 : SkyParse.radiusDegrees(option, text),
            "how far from a target a sector or survey may be and still count (sectors and surveys lookups)");
    public static final OptionKey<Integer> MAX_CONCURRENT = KEYS.wholeNumber(
            "maxConcurrentRequests",
            10,
            1,
            1000,
            "`10` (MAST's limit)",
            "requests open at once to the service, over the whole application (every executor)");
    public static final OptionKey<Integer> REQUESTS_PER_SECOND = KEYS.wholeNumber(
            "requestsPerSecond",
            5,
            1,
            1000,
            "`5` (MAST's limit)",
            "requests started per second to the service, over the whole application");
    public static final OptionKey<Integer> CONCURRENCY = KEYS.wholeNumber(
            "concurrency",
            0,
            0,
            256,
            "`0`: maxConcurrentRequests / tasks running at once, rounded up",
            "requests one task keeps open at once (threads); the job-wide limit still applies");
    public static final OptionKey<Integer> NO_FFIS_ATTEMPTS = KEYS.wholeNumber(
            "noFfisAttempts",
            3,
            1,
            100,
            "`3` (at most maxAttempts)",
            "TESScut requests sent for a target while MAST answers \"No FFIs found\" (a sector still being cubed)");
    public static final OptionKey<Integer> PERMIT_TIMEOUT = KEYS.wholeNumber(
            "permitTimeoutSeconds",
            600,
            1,
            86_400,
            null,
            "how long a request may wait for its turn under the job-wide limits before it fails");

    private CutoutKeys() {}

    /** Every key of this area, in declaration order. */
    public static List<OptionKey<?>> all() {
        return KEYS.keys();
    }
}
