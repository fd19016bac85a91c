package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Name checks that a DataFrame cannot carry to the downloader (Spark stores strings as UTF-8). */
class ProductPathsTest {
    @Test
    void anUnpairedSurrogateIsRefusedAndEscaped() {
        assertThatThrownBy(() -> ProductPaths.plain("productFilename", "a\ud800b.fits"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("productFilename 'a\\ud800b.fits' is not a plain file name (it contains an unpaired"
                        + " surrogate, \\ud800): refusing it so that nothing is written outside the destination");
        assertThatThrownBy(() -> ProductPaths.plain("obs_id", "x\udc00"))
                .hasMessage("obs_id 'x\\udc00' is not a plain file name (it contains an unpaired surrogate,"
                        + " \\udc00): refusing it so that nothing is written outside the destination");
        assertThat(ProductPaths.plain("productFilename", "\ud83d\ude00.fits")).isEqualTo("\ud83d\ude00.fits");
    }
}
