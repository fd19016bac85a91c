package org.mastspark.connector.fits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.download.HadoopConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code format("fits")} load on the driver: its files (listed once) and its schema, from the first file
 * (sorted by path) that can be read, or with {@code mergeSchema} from every file's header (read in a small
 * thread pool). Other files' headers are read by the executors that read their rows. Never sent to executors.
 */
final class FitsSource {
    private static final Logger LOG = LoggerFactory.getLogger(FitsSource.class);
    /** Threads of the driver's header reads (mergeSchema, splitting large files). */
    static final int DRIVER_THREADS = 8;

    private final FitsOptions options;
    private final HadoopConf conf;
    private final List<FitsFile> files;
    private final FitsSpec spec;

    private FitsSource(FitsOptions options, HadoopConf conf, List<FitsFile> files, FitsSpec spec) {
        this.options = options;
        this.conf = conf;
        this.files = files;
        this.spec = spec;
    }

    static FitsSource open(FitsOptions options) {
        Configuration hadoop = options.hadoopConf();
        List<FitsFile> files = FitsListing.list(hadoop, options.paths());
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No files found at " + String.join(", ", options.paths())
                    + " for format(\"fits\") (names starting with _ or . are skipped); give a path that holds FITS"
                    + " files");
        }
        HadoopConf conf = new HadoopConf(hadoop);
        if (options.headers()) {
            return new FitsSource(options, conf, files, FitsSpec.headers(options));
        }
        FitsSpec spec = options.mergeSchema() ? merged(options, hadoop, files) : first(options, hadoop, files);
        return new FitsSource(options, conf, files, spec);
    }

    FitsOptions options() {
        return options;
    }

    HadoopConf conf() {
        return conf;
    }

    List<FitsFile> files() {
        return files;
    }

    FitsSpec spec() {
        return spec;
    }

    /** The data columns and keyword types of one file's chosen HDU. */
    record Layout(String file, StructType data, List<DataType> keywordTypes) {}

    /** Reads one file's headers up to the chosen HDU and its layout. */
    static Layout layout(FitsOptions options, Configuration conf, String file) throws IOException {
        try (FitsInput in = FitsInput.open(conf, file, -1)) {
            List<FitsHdus.Hdu> hdus = FitsHdus.choose(in, file, options.hdu());
            FitsHdus.Hdu chosen = hdus.get(hdus.size() - 1);
            StructType data = dataSchema(chosen, options.decode(), file);
            List<DataType> types = new ArrayList<>();
            for (String k : options.headerKeywords()) {
                types.add(FitsSpec.keywordType(card(chosen.header(), hdus.get(0).header(), k)));
            }
            return new Layout(file, data, types);
        }
    }

    /** The card of {@code key}: the chosen HDU's, else the primary header's; null when neither has it. */
    static HeaderCard card(Header chosen, Header primary, String key) {
        HeaderCard c = chosen.findCard(key);
        if (c == null && primary != chosen) {
            c = primary.findCard(key);
        }
        return c;
    }

    /**
     * The data columns of an HDU: a binary table's ({@link FitsTable#schema()}) or an image's
     * ({@link FitsImage#schema()}).
     */
    static StructType dataSchema(FitsHdus.Hdu hdu, FitsDecodeOptions decode, String file) throws FitsFileException {
        String where = file + " " + hdu.describe();
        try {
            if (hdu.table()) {
                return FitsTable.of(hdu.cards(), decode, where).schema();
            }
            if (hdu.image()) {
                return FitsImage.of(hdu.cards(), decode, where).schema();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new FitsFileException(e.getMessage(), e);
        }
        throw new FitsFileException(where + " is a " + hdu.xtension() + " HDU, which format(\"fits\") does not read"
                + " (it reads BINTABLE and IMAGE HDUs); choose another with option 'hdu'");
    }

    private static FitsSpec first(FitsOptions options, Configuration conf, List<FitsFile> files) {
        for (FitsFile f : files) {
            try {
                Layout l = layout(options, conf, f.path());
                return FitsSpec.of(options, l.data(), l.keywordTypes(), f.path());
            } catch (FitsFileException e) {
                if (!options.permissive()) {
                    throw new IllegalArgumentException(FitsPartitionReader.failFast(e.getMessage()));
                }
                LOG.warn("Skipping {} (mode PERMISSIVE): {}", f.path(), e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + f.path() + ": " + e, e);
            }
        }
        throw new IllegalArgumentException("No file at " + String.join(", ", options.paths()) + " can be read as"
                + " asked (mode PERMISSIVE skipped all " + files.size() + "; the log's WARN lines say why)");
    }

    private static FitsSpec merged(FitsOptions options, Configuration conf, List<FitsFile> files) {
        List<Layout> layouts = new ArrayList<>();
        for (Object o : parallel(files, f -> {
            try {
                return layout(options, conf, f.path());
            } catch (FitsFileException e) {
                return new Bad(f.path(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + f.path() + ": " + e, e);
            }
        })) {
            if (o instanceof Bad b) {
                if (!options.permissive()) {
                    throw new IllegalArgumentException(FitsPartitionReader.failFast(b.e().getMessage()));
                }
                LOG.warn("Skipping {} (mode PERMISSIVE): {}", b.file(), b.e().getMessage());
            } else {
                layouts.add((Layout) o);
            }
        }
        if (layouts.isEmpty()) {
            throw new IllegalArgumentException("No file at " + String.join(", ", options.paths()) + " can be read as"
                    + " asked (mode PERMISSIVE skipped all " + files.size() + "; the log's WARN lines say why)");
        }
        Map<String, StructField> fields = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (Layout l : layouts) {
            for (StructField f : l.data().fields()) {
                StructField had = fields.get(f.name());
                if (had == null) {
                    fields.put(f.name(), f.copy(f.name(), f.dataType(), true, f.metadata()));
                    from.put(f.name(), l.file());
                } else if (!had.dataType().catalogString().equals(f.dataType().catalogString())) {
                    throw new IllegalArgumentException(
                            "Option 'mergeSchema' cannot merge column " + f.name() + ": it is "
                                    + had.dataType().simpleString() + " in " + from.get(f.name()) + " but "
                                    + f.dataType().simpleString() + " in " + l.file()
                                    + "; read these files separately and cast the column");
                }
            }
        }
        Layout first = layouts.get(0);
        return FitsSpec.of(
                options,
                new StructType(fields.values().toArray(new StructField[0])),
                first.keywordTypes(),
                first.file());
    }

    private record Bad(String file, FitsFileException e) {}

    /** Applies {@code task} to every file in a small thread pool; results in the files' order. */
    static <T> List<T> parallel(List<FitsFile> files, Function<FitsFile, T> task) {
        if (files.size() <= 1) {
            List<T> out = new ArrayList<>();
            files.forEach(f -> out.add(task.apply(f)));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(DRIVER_THREADS, files.size()), r -> {
            Thread t = new Thread(r, "fits-headers");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (FitsFile f : files) {
                futures.add(pool.submit(() -> task.apply(f)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> fu : futures) {
                out.add(fu.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading FITS headers", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
