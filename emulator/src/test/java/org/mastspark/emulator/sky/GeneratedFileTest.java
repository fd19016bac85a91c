package org.mastspark.emulator.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The bytes of a generated file, written 8 per mix, are those of the per-byte definition (FITS header, then
 * byte {@code p} = byte {@code p & 7}, little-endian, of {@code mix(key + p / 8)}) for any range.
 */
class GeneratedFileTest {
    /** The definition, one byte at a time. */
    private static byte[] reference(String name, long size, long from, long to) {
        GeneratedFile f = new GeneratedFile(name, size, false);
        byte[] header = header(f, name);
        long key = Rng.mix(name.hashCode() * 0x9E3779B97F4A7C15L ^ size);
        byte[] out = new byte[(int) (to - from)];
        for (long p = from; p < to; p++) {
            out[(int) (p - from)] =
                    p < header.length ? header[(int) p] : (byte) (Rng.mix(key + (p >>> 3)) >>> ((int) (p & 7) * 8));
        }
        return out;
    }

    /** The file's FITS header (2880 bytes for .fits names whatever the size, else none). */
    private static byte[] header(GeneratedFile f, String name) {
        try {
            java.lang.reflect.Field h = GeneratedFile.class.getDeclaredField("header");
            h.setAccessible(true);
            byte[] header = (byte[]) h.get(f);
            assertThat(header).hasSize(name.endsWith(".fits") ? 2880 : 0);
            return header;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(GeneratedFile f, long from, long to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            f.write(from, to, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    @Test
    void everyRangeEqualsThePerByteDefinition() {
        for (String name : new String[] {"a_drz.fits", "b_spt.txt", "c_x1d.fits"}) {
            for (long size : new long[] {0, 1, 7, 2880, 2885, 70_001, 200_003}) {
                GeneratedFile f = new GeneratedFile(name, size, false);
                byte[] whole = bytes(f, 0, size);
                assertThat(whole).as(name + " " + size).isEqualTo(reference(name, size, 0, size));
                long[][] ranges = {
                    {0, Math.min(size, 3)},
                    {Math.min(size, 2877), Math.min(size, 2891)},
                    {Math.min(size, 5), Math.min(size, 13)},
                    {size / 3, size / 3 + Math.min(size - size / 3, 65_537)},
                    {Math.max(0, size - 11), size},
                    {size, size}
                };
                for (long[] r : ranges) {
                    assertThat(bytes(f, r[0], r[1]))
                            .as(name + " " + size + " [" + r[0] + ", " + r[1] + ")")
                            .isEqualTo(Arrays.copyOfRange(whole, (int) r[0], (int) r[1]));
                }
            }
        }
    }

    @Test
    void bytesDependOnNameAndSize() {
        byte[] a = bytes(new GeneratedFile("x.bin", 64, false), 0, 64);
        assertThat(bytes(new GeneratedFile("x.bin", 64, true), 0, 64)).isEqualTo(a);
        assertThat(bytes(new GeneratedFile("y.bin", 64, false), 0, 64)).isNotEqualTo(a);
        assertThat(bytes(new GeneratedFile("x.bin", 65, false), 0, 64)).isNotEqualTo(a);
    }
}
