package org.mastspark.emulator.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The emulator's own HEALPix against the {@code _healpix_29} values hats-import wrote in the peer catalogs. */
class HealpixTest {
    /**
     * The peer catalogs (hats' and lsdb's test data) in the project's shared folder beside the checkout
     * ({@code ../shared/peer-data/hats}; system property {@code mast.shared.dir}, as every test of shared data).
     */
    static Path peer() {
        Path p = Path.of(System.getProperty("mast.shared.dir", "../../shared"), "peer-data", "hats");
        if (!Files.isDirectory(p.resolve("hats")) || !Files.isDirectory(p.resolve("lsdb"))) {
            throw new IllegalStateException("The peer HATS catalogs (hats' and lsdb's tests/data) are not at "
                    + p.toAbsolutePath() + ": check out the project beside ../shared, or set -Dmast.shared.dir");
        }
        return p.normalize();
    }

    @Test
    void everyPeerRowsHealpix29IsTheNestedIndexOfItsPosition() throws IOException {
        int files = 0;
        long rows = 0;
        List<Path> parquet;
        try (Stream<Path> s = Files.walk(peer())) {
            parquet = s.filter(p -> p.toString().matches(".*/Npix=\\d+\\.parquet"))
                    .sorted()
                    .toList();
        }
        for (Path file : parquet) {
            Path catalog = file.getParent().getParent().getParent().getParent();
            Properties props = new Properties();
            try (var in = Files.newInputStream(catalog.resolve("hats.properties"))) {
                props.load(in);
            }
            String ra = props.getProperty("hats_col_ra");
            String dec = props.getProperty("hats_col_dec");
            int order = Integer.parseInt(
                    file.getParent().getParent().getFileName().toString().substring(7));
            long npix = Long.parseLong(file.getFileName().toString().replaceAll("\\D", ""));
            boolean margin = "margin".equals(props.getProperty("dataproduct_type"));
            for (Map<String, Object> row : ParquetFiles.rows(file)) {
                double r = ((Number) row.get(ra)).doubleValue();
                double d = ((Number) row.get(dec)).doubleValue();
                long mine = Healpix.nest(29, r, d);
                assertThat(mine).as("%s row %s", file, row).isEqualTo(row.get("_healpix_29"));
                if (!margin) {
                    assertThat(mine >> (2 * (29 - order)))
                            .as("%s partition", file)
                            .isEqualTo(npix);
                }
                rows++;
            }
            files++;
        }
        assertThat(files).isGreaterThan(20);
        assertThat(rows).isGreaterThan(1000);
        System.out.println("HealpixTest: " + rows + " peer rows in " + files + " files");
    }
}
