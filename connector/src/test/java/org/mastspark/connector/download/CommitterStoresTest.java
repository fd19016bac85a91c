package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mastspark.connector.testing.MiniHdfs;
import org.mastspark.connector.testing.MiniS3;
import org.mastspark.connector.testing.StorageExtension;

/**
 * {@link Committer}'s rename and whole-file writes on a real HDFS and a real S3 (S3A), where a rename onto an
 * existing file behaves differently (HDFS refuses it unless asked to overwrite; S3A copies and deletes): the
 * file at the final path is the new one, the temporary one is gone, and nothing else is left.
 */
@ExtendWith(StorageExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitterStoresTest {
    private MiniHdfs hdfs;
    private MiniS3 s3;

    @BeforeAll
    void start(MiniHdfs hdfs, MiniS3 s3) {
        this.hdfs = hdfs;
        this.s3 = s3;
    }

    @AfterAll
    void stop() {}

    private FileSystem fs(String kind, String dir) throws Exception {
        Configuration conf = new Configuration();
        if (kind.equals("s3")) {
            s3.hadoopSettings().forEach(conf::set);
            return FileSystem.get(URI.create(s3.path(dir)), conf);
        }
        hdfs.hadoopSettings().forEach(conf::set);
        return FileSystem.get(URI.create(hdfs.path("/" + dir)), conf);
    }

    private static void write(FileSystem fs, Path p, String text) throws Exception {
        try (OutputStream out = fs.create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(FileSystem fs, Path p) throws Exception {
        try (var in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(FileSystem fs, Path dir) throws Exception {
        return java.util.Arrays.stream(fs.listStatus(dir))
                .map(s -> s.getPath().getName())
                .sorted()
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs", "s3"})
    void aRenameOntoAnExistingFileReplacesIt(String kind) throws Exception {
        String dir = "committer-" + kind + "/replace";
        FileSystem fs = fs(kind, dir);
        Path root = new Path(kind.equals("s3") ? s3.path(dir) : hdfs.path("/" + dir));
        Path fin = new Path(root, "a.fits");
        Path tmp = new Path(root, ".a.fits.x.mastpart");
        write(fs, fin, "old bytes");
        write(fs, tmp, "new bytes, longer");
        Committer.renameReplacing(fs, tmp, fin);
        assertThat(read(fs, fin)).isEqualTo("new bytes, longer");
        assertThat(names(fs, root)).containsExactly("a.fits");
        // and once more, from a second temporary file, as a rerun does
        Path tmp2 = new Path(root, ".a.fits.y.mastpart");
        write(fs, tmp2, "third");
        Committer.renameReplacing(fs, tmp2, fin);
        assertThat(read(fs, fin)).isEqualTo("third");
        assertThat(names(fs, root)).containsExactly("a.fits");
    }
}
