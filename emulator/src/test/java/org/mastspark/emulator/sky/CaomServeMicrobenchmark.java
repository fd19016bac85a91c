package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The CPU cost of rendering CAOM pages alone: the benchmark query's rows written by {@link ResultTable#writeRow}
 * to a generator configured as the Portal's, into a stream that discards the bytes; no HTTP, one thread.
 *
 * <p>Run from {@code emulator/}: {@code ../mvnw -B -q test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/emulator-cp.txt}, then {@code java -cp target/classes:target/test-classes:$(cat
 * target/emulator-cp.txt) org.mastspark.emulator.sky.CaomServeMicrobenchmark [rounds]}. Compare the rows per CPU
 * second of the last rounds: wall-clock rates suffer from whatever else the machine runs.
 */
public final class CaomServeMicrobenchmark {
    private CaomServeMicrobenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ObjectMapper json = new ObjectMapper();
        JsonFactory factory = json.getFactory()
                .copy()
                .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
        SyntheticSky sky = new SyntheticSky(42, 1.0);
        ResultTable table = sky.query(
                        "Mast.Caom.Filtered",
                        json.readTree("{\"columns\": \"*\", \"filters\": [{\"paramName\": \"s_dec\","
                                + " \"values\": [{\"min\": -90, \"max\": -30}]}]}"))
                .orElseThrow();
        int page = 50_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Counting out = new Counting();
        for (int round = 0; round < rounds; round++) {
            long from = (long) round * page % (table.rowCount() - page);
            long t0 = System.nanoTime();
            long cpu0 = threads.getCurrentThreadCpuTime();
            try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartArray();
                for (long i = from; i < from + page; i++) {
                    table.writeRow(i, g);
                }
                g.writeEndArray();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %,.0f rows/s, %,.0f rows per CPU second, %.0f bytes/row%n",
                    round,
                    page / seconds,
                    page / cpuSeconds,
                    out.bytes / (double) page);
            out.bytes = 0;
        }
    }

    /** Discards what it is given, counting bytes. */
    private static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
