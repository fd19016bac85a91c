package org.mastspark.connector.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.testing.PythonOracle;

/**
 * {@link ProperMotion#propagate} against astropy 5.2.1's {@code SkyCoord.apply_space_motion} (ERFA's {@code
 * pmsafe}/{@code starpm}), run by {@code src/test/resources/sky/propagate_astropy.py} on 200 stars: random ones,
 * within 0.1 degree of either pole (some crossing it), on both sides of ra = 0 (some crossing it), and fast ones
 * (Barnard's star, proper motions up to 10.5 arcsec/yr), over up to 50 years forwards and backwards.
 *
 * <p>ERFA moves the star on the same straight line, but adds two terms that depend on the star's transverse speed
 * {@code v = mu * distance}: the light time (the star is seen where it was {@code r / c} earlier, and {@code r}
 * grows along the line) and a special-relativistic rescaling of the velocity by {@code 1 - (v/c)^2 / 2}. Catalog
 * epoch propagation (Gaia's, and what a cross-match needs) has neither. Hence two comparisons:
 *
 * <ul>
 *   <li>a star at 1e-6 pc (0.2 au: a device, not a star), where {@code v/c} is below 1e-10 and both terms vanish
 *       (at 0.001 pc the light time still moves a fast star by 0.08 microarcseconds over 50 years): the models are
 *       the same and must agree to {@value #NEAR_TOLERANCE_UAS} microarcseconds, five times the float64 rounding
 *       of a right ascension near 360 degrees (0.0002 microarcseconds, the largest difference seen);
 *   <li>a star at 1 Mpc (astropy's "distant star"; ERFA's {@code pmsafe} then lowers the distance until {@code v}
 *       is about 1% of c): the velocity rescaling, {@code (v/c)^2 / 2 = 5e-5} of the motion, and the light time
 *       shorten ERFA's motion, so the bound is {@value #FAR_RELATIVE} of the star's displacement
 *       plus {@value #NEAR_TOLERANCE_UAS} microarcseconds (the largest differences seen are 5.7e-5 of the motion and 19
 *       mas, over 50 years).
 * </ul>
 *
 * <p>Needs {@code /usr/bin/python3} with astropy (Debian's {@code python3-astropy}, which {@code
 * python3-astroquery} brings); it fails, not skips, without it.
 */
class ProperMotionTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final double NEAR_TOLERANCE_UAS = 0.001;
    private static final double FAR_RELATIVE = 1e-4;
    private static final double UAS_PER_DEG = 3.6e9;

    @Test
    void agreesWithAstropysApplySpaceMotion(@TempDir Path dir) throws Exception {
        List<double[]> stars = stars();
        Path in = dir.resolve("stars.csv");
        Path out = dir.resolve("moved.csv");
        Files.write(
                in,
                stars.stream()
                        .map(s -> Arrays.stream(s).mapToObj(Double::toString).collect(Collectors.joining(",")))
                        .toList());
        runAstropy(in, out);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(stars.size());

        double worstNear = 0;
        double worstFarRelative = 0;
        double worstFar = 0;
        for (int i = 0; i < stars.size(); i++) {
            double[] s = stars.get(i);
            String[] a = lines.get(i).split(",");
            double[] ours = ProperMotion.propagate(s[0], s[1], s[2], s[3], s[5] - s[4]);
            double displacementUas = SkyMath.angularDistanceDeg(s[0], s[1], ours[0], ours[1]) * UAS_PER_DEG;
            double far =
                    SkyMath.angularDistanceDeg(ours[0], ours[1], Double.parseDouble(a[0]), Double.parseDouble(a[1]))
                            * UAS_PER_DEG;
            double near =
                    SkyMath.angularDistanceDeg(ours[0], ours[1], Double.parseDouble(a[2]), Double.parseDouble(a[3]))
                            * UAS_PER_DEG;
            String star = Arrays.toString(s) + " -> " + Arrays.toString(ours) + " astropy " + lines.get(i);
            assertThat(ours[0]).as(star).isGreaterThanOrEqualTo(0.0).isLessThan(360.0);
            assertThat(near)
                    .as("difference in microarcseconds at 1e-6 pc, " + star)
                    .isLessThanOrEqualTo(NEAR_TOLERANCE_UAS);
            assertThat(far)
                    .as("difference in microarcseconds at 1 Mpc, " + star)
                    .isLessThanOrEqualTo(FAR_RELATIVE * displacementUas + NEAR_TOLERANCE_UAS);
            if (Math.abs(s[1]) == 90) {
                double moved = Math.toDegrees(
                        Math.atan(Math.toRadians(Math.hypot(s[2], s[3]) * Math.abs(s[5] - s[4]) / 3.6e6)));
                assertThat(ours[1]).as(star).isEqualTo(Math.signum(s[1]) * (90 - moved));
            }
            worstNear = Math.max(worstNear, near);
            worstFar = Math.max(worstFar, far);
            if (displacementUas > 1e3) {
                worstFarRelative = Math.max(worstFarRelative, far / displacementUas);
            }
        }
        System.out.printf(
                "ProperMotion vs astropy: worst %.3g uas at 1e-6 pc; worst %.3g uas (%.3g of the motion) at 1 Mpc%n",
                worstNear, worstFar, worstFarRelative);
    }

    /** ra, dec, pmra (times cos dec), pmdec, reference epoch, target epoch. */
    private static List<double[]> stars() {
        Random random = new Random(2016);
        List<double[]> stars = new ArrayList<>();
        // Barnard's star (Gaia DR3 4472832130942575872), the fastest, 50 years each way
        stars.add(new double[] {269.44850252543836, 4.739420051112412, -801.551, 10362.394, 2016.0, 1966.0});
        stars.add(new double[] {269.44850252543836, 4.739420051112412, -801.551, 10362.394, 2016.0, 2066.0});
        for (int i = 0; i < 118; i++) { // anywhere, ordinary proper motions, any interval
            stars.add(new double[] {
                360 * random.nextDouble(),
                Math.toDegrees(Math.asin(2 * random.nextDouble() - 1)),
                400 * random.nextGaussian(),
                400 * random.nextGaussian(),
                2016.0,
                1966 + 100 * random.nextDouble()
            });
        }
        for (int i = 0; i < 40; i++) { // within 0.1 degree of a pole (exactly on it for two), fast enough to cross it
            double sign = i % 2 == 0 ? 1 : -1;
            double dec = i < 2 ? sign * 90 : sign * (90 - 0.1 * random.nextDouble());
            stars.add(new double[] {
                360 * random.nextDouble(),
                dec,
                8000 * random.nextDouble() - 4000,
                8000 * random.nextDouble() - 4000,
                i % 4 < 2 ? 2016.0 : 2000.0,
                i % 3 == 0 ? 1966.0 : 2066.0
            });
        }
        for (int i = 0; i < 20; i++) { // within 3.6 arcsec of ra = 0, moving across it
            double ra = i % 2 == 0 ? 0.001 * random.nextDouble() : 360 - 0.001 * random.nextDouble();
            stars.add(new double[] {
                ra,
                160 * random.nextDouble() - 80,
                (i % 4 < 2 ? 1 : -1) * (100 + 900 * random.nextDouble()),
                200 * random.nextGaussian(),
                2016.0,
                i % 3 == 0 ? 1966.0 : 2066.0
            });
        }
        for (int i = 0; i < 20; i++) { // fast, up to 10.5 arcsec/yr in any direction, 50 years each way
            double pm = 10500 * random.nextDouble();
            double angle = 2 * Math.PI * random.nextDouble();
            stars.add(new double[] {
                360 * random.nextDouble(),
                Math.toDegrees(Math.asin(2 * random.nextDouble() - 1)),
                pm * Math.sin(angle),
                pm * Math.cos(angle),
                2016.0,
                i % 2 == 0 ? 1966.0 : 2066.0
            });
        }
        return stars;
    }

    private static void runAstropy(Path in, Path out) throws IOException, InterruptedException, URISyntaxException {
        PythonOracle.require("astropy", "numpy");
        Path script = Path.of(Objects.requireNonNull(
                        ProperMotionTest.class.getResource("/sky/propagate_astropy.py"), "propagate_astropy.py")
                .toURI());
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), in.toString(), out.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
