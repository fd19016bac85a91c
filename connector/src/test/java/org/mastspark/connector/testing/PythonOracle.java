package org.mastspark.connector.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python side of tests that compare with astropy (Debian's {@code python3-astropy}, with {@code
 * python3-scipy} for its k-d tree searches): where {@code /usr/bin/python3} cannot import the modules the test
 * is skipped with a message, except on CI ({@code CI=true}, and {@code .ci/run} installs them), where that is
 * an error, as for the astroquery conformance suite.
 */
public final class PythonOracle {
    /** The interpreter Debian's packages install into. */
    public static final String PYTHON = "/usr/bin/python3";

    private PythonOracle() {}

    /** Skips the calling test (fails it on CI) unless {@code /usr/bin/python3} imports every module. */
    public static void require(String... modules) {
        boolean available;
        try {
            available = Files.isExecutable(Path.of(PYTHON))
                    && new ProcessBuilder(PYTHON, "-c", "import " + String.join(", ", modules))
                                    .redirectErrorStream(true)
                                    .start()
                                    .waitFor()
                            == 0;
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        String message = PYTHON + " cannot import " + String.join(", ", modules)
                + ": apt-get install python3-astropy python3-scipy";
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.assumeTrue(available, message + " (test skipped)");
    }
}
