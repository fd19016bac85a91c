package org.mastspark.emulator.hats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * Writes the synthetic sky's catalogs as HATS catalogs, in the layout hats-import writes: {@code hats.properties}
 * (and its copy {@code properties}), {@code partition_info.csv}, {@code dataset/_metadata},
 * {@code dataset/_common_metadata} and {@code dataset/Norder=k/Dir=d/Npix=n.parquet}, with a margin cache beside
 * each catalog.
 *
 * <p>Catalogs: {@value #GAIA} (the Gaia rows {@code Mast.Catalogs.GaiaDR3.Cone} serves, ra/dec in {@code ra},
 * {@code dec}; {@code source_id} and {@code solution_id} int64, the other numbers double) and {@value #PS1_OTMO}
 * (the rows of the Pan-STARRS {@code mean} table, positions in {@code raMean}, {@code decMean}). Each row also has
 * {@code _healpix_29}, the nested HEALPix index of its position at order 29. Every source inside the
 * {@link HatsFootprint} is written and none outside; every value is the one the service serves for the source.
 *
 * <p>Partitioning follows hats-import: a pixel (from order 0 down) is one partition when it holds at most
 * {@link #maxRowsPerPartition} rows or is at the {@link #highestOrder}, otherwise it splits into its four
 * children; empty pixels have no partition. Rows in a file are sorted by {@code _healpix_29}, in row groups of
 * {@link #rowGroupRows} rows. The margin cache of a catalog (dataproduct_type {@code margin}) has, for every
 * partition pixel and for every pixel of the catalog's negative tree (the fewest pixels covering the rest of the
 * sky), the rows of other partitions lying in pixels of the margin order that touch it (share an edge or a
 * corner); the margin order is hats-import's for the threshold ({@code margin2order}: 13 for 10 arcsec, whose
 * pixels are about 26 arcsec wide), so the margin holds every row within the threshold of the pixel and a few
 * farther. Margin partitions without rows are not written.
 *
 * <p>Deterministic: the same sky (seed, scale), footprint and options give the same bytes; the dates in the
 * properties derive from the seed. Streaming: one partition's rows (and the keys of the margin rows) are held
 * in memory at a time. Immutable; thread safe.
 *
 * <p>Needs {@code org.apache.parquet:parquet-hadoop} and Hadoop's client ({@code hadoop-client-api},
 * {@code hadoop-client-runtime}) on the class path: optional dependencies of the emulator.
 */
public final class HatsWriter {
    /** The Gaia-like catalog. */
    public static final String GAIA = "gaia";
    /** The Pan-STARRS-like object catalog. */
    public static final String PS1_OTMO = "ps1_otmo";
    /** Key (in the cloud bucket) of MAST's Gaia DR3 HATS collection. */
    public static final String GAIA_DR3_KEY = "gaia/gaia_dr3/public/hats";
    /** Key of MAST's Pan-STARRS object catalog. */
    public static final String PS1_OTMO_KEY = "panstarrs/ps1/public/hats/otmo";
    /** Key of its 10-arcsec margin cache. */
    public static final String PS1_OTMO_MARGIN_KEY = "panstarrs/ps1/public/hats/otmo_10arcs";

    private static final String BUILDER = "mast-spark emulator";

    private final SyntheticSky sky;
    private final long maxRows;
    private final int rowGroupRows;
    private final double marginArcsec;
    private final int highestOrder;
    private final int threads;

    /** A writer over a synthetic sky with the defaults: 1,000,000 rows per partition, row groups of 100,000 rows, 10 arcsec margins, highest order 10. */
    public HatsWriter(SyntheticSky sky) {
        this(sky, 1_000_000, 100_000, 10.0, 10, Runtime.getRuntime().availableProcessors());
    }

    private HatsWriter(
            SyntheticSky sky, long maxRows, int rowGroupRows, double marginArcsec, int highestOrder, int threads) {
        this.sky = sky;
        this.maxRows = maxRows;
        this.rowGroupRows = rowGroupRows;
        this.marginArcsec = marginArcsec;
        this.highestOrder = highestOrder;
        this.threads = threads;
        int m = marginOrder();
        if (m <= highestOrder) {
            throw new IllegalArgumentException(
                    "Invalid margin threshold " + marginArcsec + " arcsec with highest order "
                            + highestOrder + ": the margin order (" + m + ") must be above the highest partition order;"
                            + " use a smaller threshold or a highest order below " + m);
        }
    }

    /**
     * The most rows a partition may hold before it splits (hats-import's {@code pixel_threshold}); a pixel at the
     * highest order holds its rows whatever their number.
     */
    public HatsWriter maxRowsPerPartition(long value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "Invalid value " + value + " for maxRowsPerPartition: expected at least 1, such as 1000000");
        }
        return new HatsWriter(sky, value, rowGroupRows, marginArcsec, highestOrder, threads);
    }

    /** Rows per Parquet row group. */
    public HatsWriter rowGroupRows(int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "Invalid value " + value + " for rowGroupRows: expected at least 1, such as 100000");
        }
        return new HatsWriter(sky, maxRows, value, marginArcsec, highestOrder, threads);
    }

    /** The margin cache's threshold in arcsec (default 10). */
    public HatsWriter marginArcsec(double value) {
        if (!(value > 0 && value <= 3600)) {
            throw new IllegalArgumentException("Invalid value " + value
                    + " for marginArcsec: expected arcsec above 0 and at most 3600, such as 10");
        }
        return new HatsWriter(sky, maxRows, rowGroupRows, value, highestOrder, threads);
    }

    /** The highest HEALPix order of a partition (hats-import's {@code highest_healpix_order}, default 10). */
    public HatsWriter highestOrder(int value) {
        if (value < 0 || value > 12) {
            throw new IllegalArgumentException(
                    "Invalid value " + value + " for highestOrder: expected 0 to 12, such as 10");
        }
        return new HatsWriter(sky, maxRows, rowGroupRows, marginArcsec, value, threads);
    }

    /**
     * Partitions written at once (default: the available processors); each holds one partition's rows in memory.
     * The bytes written do not depend on it.
     */
    public HatsWriter threads(int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "Invalid value " + value + " for threads: expected at least 1, such as 2");
        }
        return new HatsWriter(sky, maxRows, rowGroupRows, marginArcsec, highestOrder, value);
    }

    /**
     * hats-import's margin order for the threshold: the largest order whose pixels' estimated smallest distance
     * across (average size / 1.6) is at least the threshold.
     */
    int marginOrder() {
        double avgArcmin = marginArcsec / 60.0 * 1.6;
        double order = Math.log(Math.sqrt(Math.PI / 3) / Math.toRadians(avgArcmin / 60.0)) / Math.log(2);
        return (int) Math.max(0, Math.min(29, Math.floor(order)));
    }

    /** The margin catalog's name suffix: {@code 10arcs} for 10 arcsec. */
    String marginSuffix() {
        return (marginArcsec == Math.rint(marginArcsec)
                        ? Long.toString((long) marginArcsec)
                        : Double.toString(marginArcsec))
                + "arcs";
    }

    /** What was written for one catalog (or its margin). */
    public record Written(Path directory, long rows, List<long[]> partitions, long bytes) {
        /** The partitions as {@code Norder,Npix} lines (partition_info.csv without its header). */
        public List<String> partitionLines() {
            List<String> out = new ArrayList<>();
            for (long[] p : partitions) {
                out.add(p[0] + "," + p[1]);
            }
            return out;
        }
    }

    /**
     * Writes MAST's layout of both catalogs under {@code root}: the Gaia collection at {@value #GAIA_DR3_KEY}
     * ({@code collection.properties}, {@code gaia_dr3/}, {@code gaia_dr3_10arcs/}) and the Pan-STARRS catalog and
     * its margin at {@value #PS1_OTMO_KEY} and {@value #PS1_OTMO_MARGIN_KEY} (with another threshold, the margins'
     * names end with it instead of {@code 10arcs}).
     *
     * @return what was written, keyed by the catalog's path relative to {@code root}
     */
    public Map<String, Written> writeMastLayout(HatsFootprint footprint, Path root) {
        return writeMastLayout(footprint, root, List.of(GAIA, PS1_OTMO));
    }

    /**
     * As {@link #writeMastLayout(HatsFootprint, Path)}, for some of the catalogs only ({@value #GAIA},
     * {@value #PS1_OTMO}): Pan-STARRS is about 40 times denser than Gaia, so a benchmark's large Gaia footprint
     * would make billions of Pan-STARRS rows.
     *
     * @throws IllegalArgumentException for an unknown catalog name
     */
    public Map<String, Written> writeMastLayout(HatsFootprint footprint, Path root, List<String> catalogs) {
        for (String c : catalogs) {
            kindOf(c);
        }
        Map<String, Written> out = new LinkedHashMap<>();
        if (catalogs.contains(GAIA)) {
            Path gaia = root.resolve(GAIA_DR3_KEY);
            Written[] g = writeCatalog(GAIA, footprint, gaia.resolve("gaia_dr3"));
            writeCollection(gaia, "gaia_dr3", g);
            out.put(GAIA_DR3_KEY + "/gaia_dr3", g[0]);
            out.put(GAIA_DR3_KEY + "/gaia_dr3_" + marginSuffix(), g[1]);
        }
        if (catalogs.contains(PS1_OTMO)) {
            Written[] p = writeCatalog(PS1_OTMO, footprint, root.resolve(PS1_OTMO_KEY));
            out.put(PS1_OTMO_KEY, p[0]);
            out.put(PS1_OTMO_KEY + "_" + marginSuffix(), p[1]);
        }
        return out;
    }

    /**
     * Writes one catalog ({@value #GAIA} or {@value #PS1_OTMO}) over a footprint into {@code directory}, and its
     * margin cache into the sibling directory named after it with {@code _10arcs} (the threshold) appended.
     *
     * @return the catalog and its margin, in that order
     * @throws IllegalArgumentException for an unknown catalog name
     * @throws UncheckedIOException when a file cannot be written
     */
    public Written[] writeCatalog(String catalog, HatsFootprint footprint, Path directory) {
        SourceTable.Kind kind = kindOf(catalog);
        Path marginDir = directory.resolveSibling(directory.getFileName() + "_" + marginSuffix());
        try {
            return new CatalogRun(new SourceTable(kind, sky), footprint, directory, marginDir).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HATS catalog " + catalog + " to " + directory, e);
        } catch (NoClassDefFoundError e) {
            throw missingDependencies(e);
        }
    }

    static IllegalStateException missingDependencies(Throwable e) {
        return new IllegalStateException(
                "The emulator's HATS catalogs need org.apache.parquet:parquet-hadoop:1.16.0 and"
                        + " org.apache.hadoop:hadoop-client-api and hadoop-client-runtime on the class path"
                        + " (optional dependencies of mast-emulator): add them to your test dependencies",
                e);
    }

    private static SourceTable.Kind kindOf(String catalog) {
        return switch (catalog) {
            case GAIA -> SourceTable.Kind.GAIA;
            case PS1_OTMO -> SourceTable.Kind.PS1_OTMO;
            default ->
                throw new IllegalArgumentException(
                        "Unknown synthetic HATS catalog '" + catalog + "': expected " + GAIA + " or " + PS1_OTMO);
        };
    }

    private void writeCollection(Path dir, String primary, Written[] written) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("obs_collection", primary);
        p.put("hats_primary_table_url", primary);
        p.put("all_margins", primary + "_" + marginSuffix());
        p.put("default_margin", primary + "_" + marginSuffix());
        p.put("hats_builder", BUILDER);
        p.put("hats_creation_date", creationDate());
        p.put("hats_estsize", Long.toString((written[0].bytes() + written[1].bytes()) / 1024));
        p.put("hats_release_date", releaseDate());
        p.put("hats_version", "v1.0");
        writeProperties(dir.resolve("collection.properties"), "#HATS Collection", p);
    }

    /** A fixed date derived from the seed, so the same sky writes the same bytes. */
    private LocalDate date() {
        return LocalDate.of(2025, 1, 1).plusDays(Math.floorMod(sky.seed(), 365));
    }

    private String creationDate() {
        return date() + "T00:00UTC";
    }

    private String releaseDate() {
        return date().toString();
    }

    private static void writeProperties(Path file, String header, Map<String, String> values) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One catalog's write: histogram, partitions, partition files with margin keys, margin files, metadata. */
    private final class CatalogRun {
        private final SourceTable table;
        private final HatsFootprint footprint;
        private final Path dir;
        private final Path marginDir;
        private final int marginOrder = marginOrder();
        private final Configuration conf;
        /** Sorted distinct pixels at the highest order holding a source of the footprint, per cell. */
        private final Map<Integer, long[]> cellPixels = new TreeMap<>();
        /** Partition pixels and negative-tree pixels: key {@code order << 58 | pixel}. */
        private final Map<Long, Pairs> margins = new HashMap<>();

        private final java.util.concurrent.ExecutorService pool;

        CatalogRun(SourceTable table, HatsFootprint footprint, Path dir, Path marginDir) {
            this.table = table;
            this.footprint = footprint;
            this.dir = dir;
            this.marginDir = marginDir;
            this.conf = new Configuration(false);
            // raw local files: no .crc side files beside _metadata
            conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
            conf.setBoolean("fs.file.impl.disable.cache", true);
            this.pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "hats-writer");
                t.setDaemon(true);
                return t;
            });
        }

        Written[] run() throws IOException {
            try {
                return runAll();
            } finally {
                pool.shutdownNow();
            }
        }

        private <T> T await(java.util.concurrent.Future<T> f) throws IOException {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing " + dir);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new IOException(c);
            }
        }

        private Written[] runAll() throws IOException {
            clean(dir);
            clean(marginDir);
            TreeMap<Long, Long> histogram = histogram();
            List<long[]> partitions = new ArrayList<>();
            partition(histogram, 0, -1, partitions);
            partitions.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            TreeSet<Long> partitionKeys = new TreeSet<>();
            for (long[] p : partitions) {
                partitionKeys.add(key((int) p[0], p[1]));
            }
            List<long[]> negative = new ArrayList<>();
            for (long k : Margins.negativeTree(partitionKeys)) {
                negative.add(new long[] {Margins.orderOf(k), Margins.pixelOf(k)});
            }
            for (long[] p : partitions) {
                margins.put(key((int) p[0], p[1]), new Pairs());
            }
            for (long[] p : negative) {
                margins.put(key((int) p[0], p[1]), new Pairs());
            }
            List<Footer> footers = new ArrayList<>();
            long rows = 0;
            int maxOrder = 0;
            double sky = 0;
            // partitions in parallel, at most one in memory per thread; results kept in partition order
            List<java.util.concurrent.Future<long[]>> counts = new ArrayList<>();
            Footer[] footerOf = new Footer[partitions.size()];
            for (int i = 0; i < partitions.size(); i++) {
                long[] p = partitions.get(i);
                int at = i;
                counts.add(pool.submit(() -> {
                    Pairs pairs = collect((int) p[0], p[1]);
                    pairs.sort();
                    assignMargins((int) p[0], p[1], pairs);
                    footerOf[at] = writeFile(dir, (int) p[0], p[1], pairs);
                    return new long[] {pairs.n};
                }));
            }
            for (int i = 0; i < partitions.size(); i++) {
                long[] p = partitions.get(i);
                rows += await(counts.get(i))[0];
                footers.add(footerOf[i]);
                maxOrder = Math.max(maxOrder, (int) p[0]);
                sky += 1.0 / (12L << (2 * p[0]));
            }
            writeMetadata(dir, footers);
            writePartitionInfo(dir, partitions);
            long bytes = sizeOf(dir);
            Written primary = new Written(dir, rows, List.copyOf(partitions), bytes);
            writeCatalogProperties(dir, dir.getFileName().toString(), "object", rows, maxOrder, sky, bytes, null);

            List<long[]> marginPartitions = new ArrayList<>();
            for (long[] p : partitions) {
                marginPartitions.add(p);
            }
            marginPartitions.addAll(negative);
            marginPartitions.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            List<Footer> marginFooters = new ArrayList<>();
            List<long[]> written = new ArrayList<>();
            long marginRows = 0;
            int marginMaxOrder = 0;
            double marginSky = 0;
            for (long[] p : marginPartitions) {
                Pairs pairs = margins.get(key((int) p[0], p[1]));
                if (pairs.n == 0) {
                    continue;
                }
                pairs.sort();
                marginFooters.add(writeFile(marginDir, (int) p[0], p[1], pairs));
                written.add(p);
                marginRows += pairs.n;
                marginMaxOrder = Math.max(marginMaxOrder, (int) p[0]);
                marginSky += 1.0 / (12L << (2 * p[0]));
            }
            writeMetadata(marginDir, marginFooters);
            writePartitionInfo(marginDir, written);
            long marginBytes = sizeOf(marginDir);
            writeCatalogProperties(
                    marginDir,
                    marginDir.getFileName().toString(),
                    "margin",
                    marginRows,
                    marginMaxOrder,
                    marginSky,
                    marginBytes,
                    dir.getParent().getFileName() + "/" + dir.getFileName());
            return new Written[] {primary, new Written(marginDir, marginRows, List.copyOf(written), marginBytes)};
        }

        /** Counts the footprint's sources per pixel of the highest order, noting which pixels each cell reaches. */
        private TreeMap<Long, Long> histogram() throws IOException {
            int shift = 2 * (29 - highestOrder);
            List<Integer> cells = footprint.cells(table.slack());
            List<java.util.concurrent.Future<TreeMap<Long, Long>>> perCell = new ArrayList<>();
            for (int cell : cells) {
                perCell.add(pool.submit(() -> {
                    TreeMap<Long, Long> h = new TreeMap<>();
                    int n = table.countIn(cell);
                    for (int j = 0; j < n; j++) {
                        double[] pos = table.position(cell, j);
                        long hp = Healpix.nest(29, pos[0], pos[1]);
                        if (footprint.contains(pos[0], pos[1], hp)) {
                            h.merge(hp >>> shift, 1L, Long::sum);
                        }
                    }
                    return h;
                }));
            }
            TreeMap<Long, Long> h = new TreeMap<>();
            for (int i = 0; i < cells.size(); i++) {
                TreeMap<Long, Long> c = await(perCell.get(i));
                if (!c.isEmpty()) {
                    cellPixels.put(
                            cells.get(i),
                            c.keySet().stream().mapToLong(Long::longValue).toArray());
                    c.forEach((k, v) -> h.merge(k, v, Long::sum));
                }
            }
            return h;
        }

        private long count(TreeMap<Long, Long> h, int order, long pixel) {
            int d = 2 * (highestOrder - order);
            long sum = 0;
            for (long c : h.subMap(pixel << d, (pixel + 1) << d).values()) {
                sum += c;
            }
            return sum;
        }

        /** hats-import's alignment, top down: a pixel is a partition when small enough or at the highest order. */
        private void partition(TreeMap<Long, Long> h, int order, long parent, List<long[]> out) {
            long first = parent < 0 ? 0 : parent * 4;
            long count = parent < 0 ? 12 : 4;
            for (long p = first; p < first + count; p++) {
                long n = count(h, order, p);
                if (n == 0) {
                    continue;
                }
                if (n <= maxRows || order == highestOrder) {
                    out.add(new long[] {order, p});
                } else {
                    partition(h, order + 1, p, out);
                }
            }
        }

        /** The footprint's sources in one partition, as (_healpix_29, cell << 32 | j) pairs. */
        private Pairs collect(int order, long pixel) {
            int d = 2 * (highestOrder - order);
            long lo = pixel << d;
            long hi = (pixel + 1) << d;
            int shift = 2 * (29 - order);
            Pairs out = new Pairs();
            for (Map.Entry<Integer, long[]> e : cellPixels.entrySet()) {
                long[] px = e.getValue();
                int at = java.util.Arrays.binarySearch(px, lo);
                if (at < 0) {
                    at = -at - 1;
                }
                if (at >= px.length || px[at] >= hi) {
                    continue;
                }
                int cell = e.getKey();
                int n = table.countIn(cell);
                for (int j = 0; j < n; j++) {
                    double[] pos = table.position(cell, j);
                    long hp = Healpix.nest(29, pos[0], pos[1]);
                    if (hp >>> shift == pixel && footprint.contains(pos[0], pos[1], hp)) {
                        out.add(hp, ((long) cell << 32) | j);
                    }
                }
            }
            return out;
        }

        /**
         * Adds each row of partition (order, pixel) lying in a margin-order pixel on the partition's border to the
         * margin of every other partition or negative-tree pixel that the margin-order pixel touches.
         */
        private void assignMargins(int order, long pixel, Pairs rows) {
            int m = marginOrder;
            long own = key(order, pixel);
            long previousQ = -1;
            long[] targets = new long[0];
            for (int i = 0; i < rows.n; i++) {
                long q = rows.hp[i] >>> (2 * (29 - m));
                if (q != previousQ) {
                    previousQ = q;
                    targets = Margins.onBorder(m, q, order, pixel)
                            ? Margins.targets(m, q, own, margins.keySet())
                            : new long[0];
                }
                for (long t : targets) {
                    Pairs target = margins.get(t);
                    synchronized (target) {
                        target.add(rows.hp[i], rows.key[i]);
                    }
                }
            }
        }

        private Footer writeFile(Path root, int order, long pixel, Pairs rows) throws IOException {
            Path file = root.resolve("dataset")
                    .resolve("Norder=" + order)
                    .resolve("Dir=" + (pixel / 10_000 * 10_000))
                    .resolve("Npix=" + pixel + ".parquet");
            Files.createDirectories(file.getParent());
            ParquetWriter<Object[]> w = new RowsBuilder(new LocalOutputFile(file), table.schema())
                    .withConf(conf)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupRowCountLimit(rowGroupRows)
                    .withRowGroupSize(Long.MAX_VALUE)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build();
            try (w) {
                for (int i = 0; i < rows.n; i++) {
                    long k = rows.key[i];
                    w.write(table.values((int) (k >>> 32), (int) k, rows.hp[i]));
                }
            }
            return new Footer(new org.apache.hadoop.fs.Path(file.toUri()), w.getFooter());
        }

        private void writeMetadata(Path root, List<Footer> footers) throws IOException {
            Path dataset = root.resolve("dataset");
            Files.createDirectories(dataset);
            List<Footer> all = footers;
            if (all.isEmpty()) {
                // no partition: the summary files still carry the schema
                ParquetMetadata empty = new ParquetMetadata(
                        new FileMetaData(table.schema(), Map.of(), "parquet-mr"), new ArrayList<>());
                all = List.of(new Footer(
                        new org.apache.hadoop.fs.Path(dataset.resolve("none").toUri()), empty));
            }
            ParquetFileWriter.writeMetadataFile(conf, new org.apache.hadoop.fs.Path(dataset.toUri()), all);
        }

        private void writePartitionInfo(Path root, List<long[]> partitions) throws IOException {
            StringBuilder sb = new StringBuilder("Norder,Npix\n");
            for (long[] p : partitions) {
                sb.append(p[0]).append(',').append(p[1]).append('\n');
            }
            Files.createDirectories(root);
            Files.writeString(root.resolve("partition_info.csv"), sb.toString(), StandardCharsets.UTF_8);
        }

        private void writeCatalogProperties(
                Path root,
                String name,
                String type,
                long rows,
                int order,
                double skyFraction,
                long bytes,
                String primary) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("obs_collection", name);
            p.put("dataproduct_type", type);
            p.put("hats_nrows", Long.toString(rows));
            p.put("hats_col_ra", table.raColumn());
            p.put("hats_col_dec", table.decColumn());
            p.put("hats_col_healpix", SourceTable.HEALPIX);
            p.put("hats_col_healpix_order", "29");
            if (primary != null) {
                p.put("hats_primary_table_url", primary);
                p.put("hats_margin_threshold", Double.toString(marginArcsec));
            }
            p.put("hats_npix_suffix", ".parquet");
            p.put("hats_order", Integer.toString(order));
            if (primary == null) {
                p.put("hats_max_rows", Long.toString(maxRows));
            }
            p.put("moc_sky_fraction", String.format(Locale.ROOT, "%.5f", skyFraction));
            p.put("hats_builder", BUILDER);
            p.put("hats_creation_date", creationDate());
            p.put("hats_estsize", Long.toString(bytes / 1024));
            p.put("hats_release_date", releaseDate());
            p.put("hats_version", "v1.0");
            writeProperties(root.resolve("hats.properties"), "#HATS catalog", p);
            writeProperties(root.resolve("properties"), "#HATS catalog", p);
        }
    }

    private static long key(int order, long pixel) {
        return Margins.key(order, pixel);
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long total = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /** Parallel growable arrays of (_healpix_29, row key), sortable by _healpix_29 then key. */
    static final class Pairs {
        long[] hp = new long[16];
        long[] key = new long[16];
        int n;

        void add(long h, long k) {
            if (n == hp.length) {
                hp = java.util.Arrays.copyOf(hp, n * 2);
                key = java.util.Arrays.copyOf(key, n * 2);
            }
            hp[n] = h;
            key[n] = k;
            n++;
        }

        void sort() {
            quicksort(0, n - 1);
        }

        private boolean less(int a, int b) {
            return hp[a] != hp[b] ? hp[a] < hp[b] : key[a] < key[b];
        }

        private void swap(int a, int b) {
            long h = hp[a];
            hp[a] = hp[b];
            hp[b] = h;
            long k = key[a];
            key[a] = key[b];
            key[b] = k;
        }

        private void quicksort(int lo, int hi) {
            while (hi - lo > 16) {
                int mid = (lo + hi) >>> 1;
                // median of three to the end as pivot
                if (less(mid, lo)) {
                    swap(mid, lo);
                }
                if (less(hi, lo)) {
                    swap(hi, lo);
                }
                if (less(mid, hi)) {
                    swap(mid, hi);
                }
                int store = lo;
                for (int i = lo; i < hi; i++) {
                    if (less(i, hi)) {
                        swap(i, store++);
                    }
                }
                swap(store, hi);
                if (store - lo < hi - store) {
                    quicksort(lo, store - 1);
                    lo = store + 1;
                } else {
                    quicksort(store + 1, hi);
                    hi = store - 1;
                }
            }
            for (int i = lo + 1; i <= hi; i++) {
                for (int j = i; j > lo && less(j, j - 1); j--) {
                    swap(j, j - 1);
                }
            }
        }
    }

    private static final class RowsBuilder extends ParquetWriter.Builder<Object[], RowsBuilder> {
        private final MessageType schema;

        RowsBuilder(LocalOutputFile file, MessageType schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected RowsBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(schema);
        }
    }
}
