package org.mastspark.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.mastspark.connector.sky.Healpix;

/**
 * Writes a catalog held in memory (columns {@code id}, {@code ra}, {@code dec}) as a HATS collection, in the layout
 * hats-import writes: {@code collection.properties} naming the catalog and its margin cache; the catalog with
 * {@code hats.properties} (and its copy {@code properties}), {@code partition_info.csv}, {@code dataset/_metadata},
 * {@code dataset/_common_metadata} and {@code dataset/Norder=k/Dir=d/Npix=n.parquet} ({@code d = 10000 *
 * floor(n / 10000)}), each file's rows sorted by {@code _healpix_29} (the nested HEALPix index at order 29, a
 * fourth column); and the margin cache ({@code dataproduct_type=margin}) beside it.
 *
 * <p>Partitioning as hats-import's: a pixel, from order 0 down, is a partition when it holds at most
 * {@code maxRows} rows or is at {@code highestOrder}, else it splits into its four children; empty pixels have
 * none. The margin partition of a partition pixel holds the rows of other partitions whose pixel at the margin
 * order (hats-import's {@code margin2order} of the threshold: 13 for 10 arcsec, pixels about 26 arcsec wide)
 * touches it, a superset of the rows within the threshold; margin partitions are written for partition pixels
 * only, so the catalog must cover the sky (it does for this benchmark's data, which is uniform on the sphere).
 */
final class HatsCatalogWriter {
    private final long maxRows;
    private final int highestOrder;
    private final double marginArcsec;
    private final int rowGroupRows;

    HatsCatalogWriter(long maxRows, int highestOrder, double marginArcsec, int rowGroupRows) {
        this.maxRows = maxRows;
        this.highestOrder = highestOrder;
        this.marginArcsec = marginArcsec;
        this.rowGroupRows = rowGroupRows;
        if (marginOrder() <= highestOrder) {
            throw new IllegalArgumentException("margin threshold " + marginArcsec + " arcsec gives margin order "
                    + marginOrder() + ", not above the highest partition order " + highestOrder);
        }
    }

    /** hats-import's margin order: the largest whose pixels' smallest width (average / 1.6) is at least the threshold. */
    int marginOrder() {
        double avg = Math.toRadians(marginArcsec * 1.6 / 3600.0);
        return (int) Math.max(0, Math.min(29, Math.floor(Math.log(Math.sqrt(Math.PI / 3) / avg) / Math.log(2))));
    }

    String marginName(String name) {
        String t = marginArcsec == Math.rint(marginArcsec)
                ? Long.toString((long) marginArcsec)
                : Double.toString(marginArcsec);
        return name + "_" + t + "arcs";
    }

    /** What was written: partitions (order, pixel) of the catalog, rows and partitions of the margin. */
    record Written(
            Path collection,
            Path catalog,
            Path margin,
            List<long[]> partitions,
            long marginRows,
            int marginPartitions) {}

    /** Writes the collection {@code root} holding catalog {@code name} and its margin cache. */
    Written write(Path root, String name, long[] id, double[] ra, double[] dec) throws IOException {
        int n = id.length;
        long[] hp = new long[n];
        IntStream.range(0, n).parallel().forEach(i -> hp[i] = Healpix.nest(29, ra[i], dec[i]));
        int[] order = sortByHealpix(hp);
        long[] sorted = new long[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = hp[order[k]];
        }
        List<long[]> partitions = new ArrayList<>();
        partition(sorted, 0, -1, partitions);
        partitions.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        double sky = 0;
        int maxOrder = 0;
        for (long[] p : partitions) {
            sky += 1.0 / (12L << (2 * p[0]));
            maxOrder = (int) Math.max(maxOrder, p[0]);
        }
        if (Math.abs(sky - 1) > 1e-12) {
            throw new IllegalStateException("the catalog's partitions cover " + sky
                    + " of the sky; this writer writes margins for partition pixels only and needs all of it");
        }
        Path catalog = root.resolve(name);
        Path marginDir = root.resolve(marginName(name));
        clean(root);

        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < partitions.size(); i++) {
            long[] p = partitions.get(i);
            index.put(key((int) p[0], p[1]), i);
        }
        int m = marginOrder();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // each partition: its file, and the positions (in sorted order) of its rows that go to other margins
            List<Future<Object[]>> jobs = new ArrayList<>();
            for (long[] p : partitions) {
                jobs.add(pool.submit(() -> {
                    int o = (int) p[0];
                    int from = lowerBound(sorted, p[1] << (2 * (29 - o)));
                    int to = lowerBound(sorted, (p[1] + 1) << (2 * (29 - o)));
                    ParquetMetadata footer = CrossmatchData.writeParquet(
                            file(catalog, o, p[1]), id, ra, dec, hp, order, from, to, rowGroupRows);
                    Map<Integer, List<Integer>> margins = marginRows(sorted, from, to, o, p[1], m, index);
                    return new Object[] {footer, margins};
                }));
            }
            List<Footer> footers = new ArrayList<>();
            Map<Integer, List<Integer>> margins = new TreeMap<>();
            for (int i = 0; i < partitions.size(); i++) {
                long[] p = partitions.get(i);
                Object[] r = get(jobs.get(i));
                footers.add(new Footer(path(file(catalog, (int) p[0], p[1])), (ParquetMetadata) r[0]));
                @SuppressWarnings("unchecked")
                Map<Integer, List<Integer>> mine = (Map<Integer, List<Integer>>) r[1];
                mine.forEach((t, rows) ->
                        margins.computeIfAbsent(t, x -> new ArrayList<>()).addAll(rows));
            }
            writeMetadata(catalog, footers);
            writePartitionInfo(catalog, partitions);
            properties(catalog, name, "object", n, maxOrder, sky, null);

            List<Future<ParquetMetadata>> marginJobs = new ArrayList<>();
            List<long[]> marginPartitions = new ArrayList<>();
            long marginRows = 0;
            int marginMaxOrder = 0;
            double marginSky = 0;
            for (Map.Entry<Integer, List<Integer>> e : margins.entrySet()) {
                long[] p = partitions.get(e.getKey());
                int[] positions =
                        e.getValue().stream().mapToInt(Integer::intValue).toArray();
                Arrays.sort(positions); // positions in hp order, so the rows come out sorted by _healpix_29
                int[] rows = new int[positions.length];
                for (int k = 0; k < rows.length; k++) {
                    rows[k] = order[positions[k]];
                }
                marginPartitions.add(p);
                marginRows += rows.length;
                marginMaxOrder = (int) Math.max(marginMaxOrder, p[0]);
                marginSky += 1.0 / (12L << (2 * p[0]));
                marginJobs.add(pool.submit(() -> CrossmatchData.writeParquet(
                        file(marginDir, (int) p[0], p[1]), id, ra, dec, hp, rows, 0, rows.length, rowGroupRows)));
            }
            List<Footer> marginFooters = new ArrayList<>();
            for (int i = 0; i < marginPartitions.size(); i++) {
                long[] p = marginPartitions.get(i);
                marginFooters.add(new Footer(path(file(marginDir, (int) p[0], p[1])), get(marginJobs.get(i))));
            }
            writeMetadata(marginDir, marginFooters);
            writePartitionInfo(marginDir, marginPartitions);
            properties(marginDir, marginName(name), "margin", marginRows, marginMaxOrder, marginSky, name);

            Map<String, String> c = new LinkedHashMap<>();
            c.put("obs_collection", name);
            c.put("hats_primary_table_url", name);
            c.put("all_margins", marginName(name));
            c.put("default_margin", marginName(name));
            c.put("hats_builder", "mast-spark CrossmatchBenchmark");
            writeProperties(root.resolve("collection.properties"), "#HATS Collection", c);
            return new Written(root, catalog, marginDir, List.copyOf(partitions), marginRows, marginPartitions.size());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * For the rows at sorted positions {@code [from, to)} of partition (o, pixel): the positions to add to the margin
     * of each other partition (by index) that their margin-order pixel touches.
     */
    private static Map<Integer, List<Integer>> marginRows(
            long[] sorted, int from, int to, int o, long pixel, int m, Map<Long, Integer> index) {
        Map<Integer, List<Integer>> out = new HashMap<>();
        int own = index.get(key(o, pixel));
        int d = m - o;
        long last = (1L << d) - 1;
        long previous = -1;
        int[] targets = new int[0];
        for (int k = from; k < to; k++) {
            long q = sorted[k] >>> (2 * (29 - m));
            if (q != previous) {
                previous = q;
                long local = q & ((1L << (2 * d)) - 1);
                long x = compact(local);
                long y = compact(local >>> 1);
                targets = x == 0 || y == 0 || x == last || y == last ? targets(m, q, own, index) : new int[0];
            }
            for (int t : targets) {
                out.computeIfAbsent(t, z -> new ArrayList<>()).add(k);
            }
        }
        return out;
    }

    /** The partitions other than {@code own} holding a neighbour of pixel q of order m. */
    private static int[] targets(int m, long q, int own, Map<Long, Integer> index) {
        return Arrays.stream(Healpix.neighbours(m, q))
                .filter(nb -> nb >= 0)
                .mapToInt(nb -> {
                    for (int o = 0; o <= m; o++) {
                        Integer i = index.get(key(o, nb >>> (2 * (m - o))));
                        if (i != null) {
                            return i;
                        }
                    }
                    return own;
                })
                .filter(i -> i != own)
                .distinct()
                .toArray();
    }

    private void partition(long[] sorted, int order, long parent, List<long[]> out) {
        long first = parent < 0 ? 0 : parent * 4;
        long count = parent < 0 ? 12 : 4;
        int shift = 2 * (29 - order);
        for (long p = first; p < first + count; p++) {
            long rows = lowerBound(sorted, (p + 1) << shift) - lowerBound(sorted, p << shift);
            if (rows == 0) {
                continue;
            }
            if (rows <= maxRows || order == highestOrder) {
                out.add(new long[] {order, p});
            } else {
                partition(sorted, order + 1, p, out);
            }
        }
    }

    /**
     * The row indices sorted by {@code hp} (ties by index): a parallel sort of the index packed under the leading
     * bits of hp, then the runs sharing those bits sorted by the full value.
     */
    static int[] sortByHealpix(long[] hp) {
        int n = hp.length;
        int indexBits = Math.max(1, 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1)));
        int coarse = Math.min(29, (63 - indexBits - 4) / 2);
        int drop = 2 * (29 - coarse);
        long[] packed = new long[n];
        IntStream.range(0, n).parallel().forEach(i -> packed[i] = ((hp[i] >>> drop) << indexBits) | i);
        Arrays.parallelSort(packed);
        long mask = (1L << indexBits) - 1;
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = (int) (packed[k] & mask);
        }
        int start = 0;
        for (int k = 1; k <= n; k++) {
            if (k == n || (packed[k] >>> indexBits) != (packed[start] >>> indexBits)) {
                if (k - start > 1) {
                    Integer[] run = new Integer[k - start];
                    for (int j = start; j < k; j++) {
                        run[j - start] = order[j];
                    }
                    Arrays.sort(
                            run, Comparator.<Integer>comparingLong(i -> hp[i]).thenComparingInt(i -> i));
                    for (int j = start; j < k; j++) {
                        order[j] = run[j - start];
                    }
                }
                start = k;
            }
        }
        return order;
    }

    static int lowerBound(long[] a, long v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long compact(long v) {
        long r = v & 0x5555555555555555L;
        r = (r | (r >>> 1)) & 0x3333333333333333L;
        r = (r | (r >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        r = (r | (r >>> 4)) & 0x00FF00FF00FF00FFL;
        r = (r | (r >>> 8)) & 0x0000FFFF0000FFFFL;
        r = (r | (r >>> 16)) & 0x00000000FFFFFFFFL;
        return r;
    }

    private static long key(int order, long pixel) {
        return ((long) order << 58) | pixel;
    }

    private static Path file(Path catalog, int order, long pixel) {
        return catalog.resolve("dataset")
                .resolve("Norder=" + order)
                .resolve("Dir=" + (pixel / 10_000 * 10_000))
                .resolve("Npix=" + pixel + ".parquet");
    }

    private static org.apache.hadoop.fs.Path path(Path p) {
        return new org.apache.hadoop.fs.Path(p.toUri());
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing a HATS catalog");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void writeMetadata(Path catalog, List<Footer> footers) throws IOException {
        Path dataset = Files.createDirectories(catalog.resolve("dataset"));
        List<Footer> all = footers;
        if (all.isEmpty()) {
            // no partition: the summary files still carry the schema
            ParquetMetadata empty = new ParquetMetadata(
                    new FileMetaData(CrossmatchData.schema(true), Map.of(), "parquet-mr"), new ArrayList<>());
            all = List.of(new Footer(path(dataset.resolve("none")), empty));
        }
        ParquetFileWriter.writeMetadataFile(CrossmatchData.localConf(), path(dataset), all);
    }

    private static void writePartitionInfo(Path catalog, List<long[]> partitions) throws IOException {
        StringBuilder sb = new StringBuilder("Norder,Npix\n");
        for (long[] p : partitions) {
            sb.append(p[0]).append(',').append(p[1]).append('\n');
        }
        Files.createDirectories(catalog);
        Files.writeString(catalog.resolve("partition_info.csv"), sb.toString(), StandardCharsets.UTF_8);
    }

    private void properties(Path catalog, String name, String type, long rows, int order, double sky, String primary)
            throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("obs_collection", name);
        p.put("dataproduct_type", type);
        p.put("hats_nrows", Long.toString(rows));
        p.put("hats_col_ra", "ra");
        p.put("hats_col_dec", "dec");
        p.put("hats_col_healpix", "_healpix_29");
        p.put("hats_col_healpix_order", "29");
        if (primary != null) {
            p.put("hats_primary_table_url", primary);
            p.put("hats_margin_threshold", Double.toString(marginArcsec));
        } else {
            p.put("hats_max_rows", Long.toString(maxRows));
        }
        p.put("hats_npix_suffix", ".parquet");
        p.put("hats_order", Integer.toString(order));
        p.put("moc_sky_fraction", String.format(Locale.ROOT, "%.5f", sky));
        p.put("hats_builder", "mast-spark CrossmatchBenchmark");
        p.put("hats_version", "v1.0");
        writeProperties(catalog.resolve("hats.properties"), "#HATS catalog", p);
        writeProperties(catalog.resolve("properties"), "#HATS catalog", p);
    }

    private static void writeProperties(Path file, String header, Map<String, String> values) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
