package org.mastspark.connector.client.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** The streaming unzip against MAST's recorded zips, compared with the JDK's {@code ZipFile}. */
class ZipStreamTest {
    private static List<byte[]> unzip(byte[] zip) throws IOException {
        List<byte[]> out = new ArrayList<>();
        ZipStream z = new ZipStream(new ByteArrayInputStream(zip));
        for (InputStream m = z.next(); m != null; m = z.next()) {
            out.add(m.readAllBytes());
        }
        return out;
    }

    /**
     * Zcut's zips hold stored members flagged with a data descriptor, which the JDK's streaming reader refuses;
     * this one reads them, byte-identical to what {@code ZipFile} reads through the central directory.
     */
    @Test
    void readsEveryRecordedZip() throws IOException {
        for (String file : List.of(Recorded.TESS_ZIP, Recorded.ZCUT_FITS_ZIP, Recorded.ZCUT_JPG_ZIP)) {
            byte[] zip = Recorded.bytes(file);
            List<byte[]> expected = new ArrayList<>(Recorded.members(zip).values());
            assertThat(unzip(zip)).as(file).hasSize(expected.size());
            List<byte[]> got = unzip(zip);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(got.get(i)).as(file + " member " + i).isEqualTo(expected.get(i));
            }
        }
        try (ZipInputStream jdk =
                new ZipInputStream(new ByteArrayInputStream(Recorded.bytes(Recorded.ZCUT_FITS_ZIP)))) {
            jdk.getNextEntry();
            assertThatThrownBy(jdk::readAllBytes)
                    .isInstanceOf(ZipException.class)
                    .hasMessage("only DEFLATED entries can have EXT descriptor");
        } catch (ZipException e) {
            assertThat(e).hasMessage("only DEFLATED entries can have EXT descriptor");
        }
    }

    @Test
    void aDamagedMemberFailsItsCrc() throws IOException {
        byte[] zip = Recorded.zip(Map.of("a.bin", "hello, cutouts".repeat(100).getBytes()));
        // deflated data: change a byte in the middle of the member's data
        zip[60] ^= 0x10;
        assertThatThrownBy(() -> unzip(zip)).isInstanceOf(ZipException.class);
    }

    @Test
    void directoryEntriesAreSkipped() throws IOException {
        byte[] zip = Recorded.zip(new java.util.LinkedHashMap<>(Map.of("dir/", new byte[0])));
        assertThat(unzip(zip)).isEmpty();
    }
}
