package org.mastspark.emulator.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The emulator's margin geometry (neighbours across faces, negative tree) reproduces the margin caches hats-import
 * wrote for the peer catalogs, row for row.
 */
class MarginsTest {
    @Test
    void reproducesThePeerMarginCachesRowForRow() throws IOException {
        Path peer = HealpixTest.peer();
        check(peer.resolve("lsdb/small_sky_xmatch"), peer.resolve("lsdb/small_sky_xmatch_margin"), 4);
        check(
                peer.resolve("hats/small_sky_o1_collection/small_sky_order1"),
                peer.resolve("hats/small_sky_o1_collection/small_sky_order1_margin"),
                4);
        // 10 arcsec (margin order 13): no row of small_sky_order1 is that close to another partition
        check(
                peer.resolve("hats/small_sky_o1_collection/small_sky_order1"),
                peer.resolve("hats/small_sky_o1_collection/small_sky_order1_margin_10arcs"),
                13);
    }

    private static void check(Path primary, Path margin, int marginOrder) throws IOException {
        Set<Long> partitions = new TreeSet<>();
        Map<Long, Path> files = new TreeMap<>();
        for (String line : Files.readAllLines(primary.resolve("partition_info.csv"))) {
            if (line.startsWith("Norder")) {
                continue;
            }
            String[] p = line.split(",");
            int order = Integer.parseInt(p[0].trim());
            long pixel = Long.parseLong(p[1].trim());
            partitions.add(Margins.key(order, pixel));
            files.put(
                    Margins.key(order, pixel),
                    primary.resolve("dataset/Norder=" + order + "/Dir=" + (pixel / 10000 * 10000) + "/Npix=" + pixel
                            + ".parquet"));
        }
        Set<Long> all = new HashSet<>(partitions);
        all.addAll(Margins.negativeTree(partitions));
        Map<Long, TreeSet<Long>> expected = new TreeMap<>();
        for (Map.Entry<Long, Path> e : files.entrySet()) {
            for (Map<String, Object> row : ParquetFiles.rows(e.getValue())) {
                long q = ((Long) row.get("_healpix_29")) >>> (2 * (29 - marginOrder));
                for (long t : Margins.targets(marginOrder, q, e.getKey(), all)) {
                    expected.computeIfAbsent(t, k -> new TreeSet<>()).add(((Number) row.get("id")).longValue());
                }
            }
        }
        Map<Long, TreeSet<Long>> actual = new TreeMap<>();
        List<String> lines = Files.readAllLines(margin.resolve("partition_info.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] p = line.split(",");
            int order = Integer.parseInt(p[0].trim());
            long pixel = Long.parseLong(p[1].trim());
            Path f = margin.resolve(
                    "dataset/Norder=" + order + "/Dir=" + (pixel / 10000 * 10000) + "/Npix=" + pixel + ".parquet");
            TreeSet<Long> ids = new TreeSet<>();
            for (Map<String, Object> row : ParquetFiles.rows(f)) {
                ids.add(((Number) row.get("id")).longValue());
            }
            actual.put(Margins.key(order, pixel), ids);
        }
        assertThat(describe(expected)).as(margin.toString()).isEqualTo(describe(actual));
    }

    private static List<String> describe(Map<Long, TreeSet<Long>> m) {
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(Margins.orderOf(k) + "/" + Margins.pixelOf(k) + ": " + v));
        return out;
    }
}
