package org.mastspark.connector.options;

import java.util.List;

/**
 * Options of {@code hats:<path>} and {@code hats/<name>} reads that only they take (README: "HATS catalogs
 * (MAST's cloud)"). Besides these, a HATS read takes the region options ({@code coordinates} or
 * {@code target}, {@code radius}), {@code healpix} and {@code healpixOrder} of {@link ReadKeys}, and options
 * starting with {@link #HADOOP_PREFIX} as Hadoop settings.
 */
public final class HatsKeys {
    private static final KeySet KEYS = new KeySet(OptionArea.HATS);

    /** Options starting with this are Hadoop settings of the read ({@code fs.s3a.endpoint}, ...), not keys. */
    public static final String HADOOP_PREFIX = "fs.";
    /** The default of {@link #HATS_ROOT}: MAST's public bucket through S3A. */
    public static final String DEFAULT_HATS_ROOT = "s3a://stpubdata";

    public static final OptionKey<String> MARGIN = KEYS.text(
            "margin",
            null,
            "the collection's `default_margin`; for `hats/<name>` the published one",
            "the margin cache the catalog knows (the root of a HATS margin catalog, any Hadoop path)");
    public static final OptionKey<Boolean> PARTITION_PER_PIXEL = KEYS.bool(
            "partitionPerPixel",
            false,
            "true: one Spark partition per HATS partition (pixel), neither packed with others nor split");
    public static final OptionKey<String> HATS_ROOT = KEYS.text(
            "hatsRoot",
            DEFAULT_HATS_ROOT,
            null,
            "where the short names `hats/<name>` resolve (their paths in MAST's bucket, under this root)");

    private HatsKeys() {}

    /** Every key of this area, in declaration order. */
    public static List<OptionKey<?>> all() {
        return KEYS.keys();
    }
}
