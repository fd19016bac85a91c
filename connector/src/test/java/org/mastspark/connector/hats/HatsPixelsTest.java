package org.mastspark.connector.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.SkyRegion;

/** Partition pruning and {@code _healpix_29} ranges of a region, without Spark. */
class HatsPixelsTest {

    @Test
    void rangesAreMergedAcrossTheSmallestGapsUpToTheLimit() {
        long[][] ranges = {{40, 50}, {0, 10}, {10, 20}, {23, 30}, {100, 110}};
        assertThat(HatsPixels.merge(ranges, 64)).isDeepEqualTo(new long[][] {{0, 20}, {23, 30}, {40, 50}, {100, 110}});
        assertThat(HatsPixels.merge(ranges, 3)).isDeepEqualTo(new long[][] {{0, 30}, {40, 50}, {100, 110}});
        assertThat(HatsPixels.merge(ranges, 1)).isDeepEqualTo(new long[][] {{0, 110}});
    }

    @Test
    void aPixelInsideTheConeNeedsNoRangesAndAConeInsideAPixelGetsRangesWithinIt() {
        HatsCatalog.Partition p = new HatsCatalog.Partition(2, 185);
        double[] c = Healpix.center(2, 185);
        assertThat(HatsPixels.ranges(p, new SkyRegion.Cone(c[0], c[1], 60), 29)).isNull();
        long[][] r = HatsPixels.ranges(p, new SkyRegion.Cone(c[0], c[1], 0.5), 29);
        assertThat(r.length).isBetween(1, HatsPixels.MAX_RANGES);
        long[] pixel = p.range(29);
        long cell = Healpix.nest(29, c[0], c[1]);
        boolean centre = false;
        for (long[] x : r) {
            assertThat(x[0]).isGreaterThanOrEqualTo(pixel[0]);
            assertThat(x[1]).isLessThanOrEqualTo(pixel[1]).isGreaterThan(x[0]);
            centre |= cell >= x[0] && cell < x[1];
        }
        assertThat(centre).isTrue();
        // a small part of the pixel: a 0.5 degree cone covers little of a 15-degree pixel
        long covered = 0;
        for (long[] x : r) {
            covered += x[1] - x[0];
        }
        assertThat((double) covered / (pixel[1] - pixel[0])).isLessThan(0.05);
    }

    @Test
    void aPredicateIsAnOrOfHalfOpenRanges() {
        assertThat(HatsPixels.predicate("_healpix_29", new long[][] {{0, 4}, {8, 12}}))
                .isEqualTo(FilterApi.or(
                        FilterApi.and(
                                FilterApi.gtEq(FilterApi.longColumn("_healpix_29"), 0L),
                                FilterApi.lt(FilterApi.longColumn("_healpix_29"), 4L)),
                        FilterApi.and(
                                FilterApi.gtEq(FilterApi.longColumn("_healpix_29"), 8L),
                                FilterApi.lt(FilterApi.longColumn("_healpix_29"), 12L))));
        assertThat(HatsPixels.predicate("_healpix_29", null)).isNull();
    }

    @Test
    void marginPartitionsAreKeptWhenTheConeTouchesTheirPixelOrItsNeighbours() {
        List<HatsCatalog.Partition> all = List.of(new HatsCatalog.Partition(1, 46), new HatsCatalog.Partition(1, 47));
        double[] c = Healpix.center(1, 46);
        SkyRegion.Cone small = new SkyRegion.Cone(c[0], c[1], 0.1);
        assertThat(HatsPixels.intersecting(all, small, 0)).containsExactly(new HatsCatalog.Partition(1, 46));
        // 46 and 47 are neighbours: the margin of 47 may hold rows of 46
        assertThat(HatsPixels.intersecting(all, small, 10)).containsExactlyElementsOf(all);
    }
}
