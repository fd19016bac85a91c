package org.mastspark.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * The standalone emulator: {@code java -jar mast-emulator.jar --port 8765 [--scale 1.0] [--seed 42]
 * [fault flags]}. Runs until killed.
 */
public final class EmulatorMain {
    private EmulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        MastEmulator.Builder b = MastEmulator.builder().port(8765);
        Faults settings = new Faults(0);
        boolean anyFault = false;
        String token = null;
        java.util.List<String> publish = new java.util.ArrayList<>();
        org.mastspark.emulator.hats.HatsFootprint hats = null;
        String hatsWrite = null;
        long hatsMaxRows = 1_000_000;
        int hatsRowGroupRows = 100_000;
        java.util.List<String> hatsCatalogs = java.util.List.of("gaia", "ps1_otmo");
        int cutoutConcurrent = 10;
        int cutoutPerSecond = 5;
        int noFfis = 0;
        int gatewayTimeouts = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                usage();
                return;
            }
            if (i + 1 >= args.length) {
                fail("missing value after " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--port" -> b.port(Integer.parseInt(v));
                    case "--host" -> b.host(v);
                    case "--seed" -> b.seed(Long.parseLong(v));
                    case "--scale" -> b.scale(Double.parseDouble(v));
                    case "--result-limit" -> b.resultLimit(Long.parseLong(v));
                    case "--token" -> token = v;
                    case "--cloud-port" -> b.cloudPort(Integer.parseInt(v));
                    case "--cloud-dir" -> b.cloudDirectory(java.nio.file.Path.of(v));
                    case "--hats" -> {
                        try {
                            hats = org.mastspark.emulator.hats.HatsFootprint.parse(v);
                        } catch (IllegalArgumentException e) {
                            fail(e.getMessage());
                        }
                    }
                    case "--hats-write" -> hatsWrite = v;
                    case "--hats-catalogs" -> hatsCatalogs = java.util.List.of(v.split(","));
                    case "--hats-max-rows" -> hatsMaxRows = Long.parseLong(v);
                    case "--hats-row-group-rows" -> hatsRowGroupRows = Integer.parseInt(v);
                    case "--cutout-concurrent" -> {
                        cutoutConcurrent = Integer.parseInt(v);
                        b.cutoutLimits(cutoutConcurrent, cutoutPerSecond);
                    }
                    case "--cutout-per-second" -> {
                        cutoutPerSecond = Integer.parseInt(v);
                        b.cutoutLimits(cutoutConcurrent, cutoutPerSecond);
                    }
                    case "--cutout-service-ms" -> b.cutoutServiceTime(java.time.Duration.ofMillis(Long.parseLong(v)));
                    case "--cutout-answers" -> b.cutoutAnswers(java.nio.file.Path.of(v));
                    case "--no-ffis-next" -> noFfis = Integer.parseInt(v);
                    case "--gateway-timeout-next" -> gatewayTimeouts = Integer.parseInt(v);
                    case "--cloud-publish" -> {
                        b.cloud(true);
                        for (String item : v.split(",")) {
                            if (!item.isBlank()) {
                                publish.add(item.trim());
                            }
                        }
                    }
                    default -> {
                        anyFault = true;
                        switch (a) {
                            case "--latency-ms" -> settings.latencyMillis(Long.parseLong(v));
                            case "--bandwidth-bytes-per-sec" -> settings.bandwidthBytesPerSecond(Long.parseLong(v));
                            case "--error-503-rate" -> settings.serviceUnavailableRate(Double.parseDouble(v));
                            case "--error-500-rate" -> settings.serverErrorRate(Double.parseDouble(v));
                            case "--error-429-rate" -> settings.tooManyRequestsRate(Double.parseDouble(v));
                            case "--retry-after-sec" -> settings.retryAfterSeconds(Integer.parseInt(v));
                            case "--reset-rate" -> settings.resetMidBodyRate(Double.parseDouble(v));
                            case "--reset-at-byte" -> {
                                if (v.equalsIgnoreCase("random")) {
                                    settings.resetAnywhere(true);
                                } else {
                                    settings.resetAtByte(Long.parseLong(v));
                                }
                            }
                            case "--reset-limit" -> settings.resetLimit(Integer.parseInt(v));
                            case "--truncate-rate" -> settings.truncatedJsonRate(Double.parseDouble(v));
                            case "--executing-polls" -> settings.executingPolls(Integer.parseInt(v));
                            case "--max-concurrent" -> settings.maxConcurrentRequests(Integer.parseInt(v));
                            case "--fault-path-prefix" -> settings.pathPrefix(v);
                            case "--redirect-to" -> settings.redirectTo(v);
                            default -> fail("unknown option " + a);
                        }
                    }
                }
            } catch (NumberFormatException e) {
                fail("Invalid value '" + v + "' for " + a + ": expected a number");
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
            }
        }
        if (noFfis < 0 || gatewayTimeouts < 0) {
            fail("Invalid value " + Math.min(noFfis, gatewayTimeouts)
                    + " for --no-ffis-next / --gateway-timeout-next: expected 0 or more requests");
        }
        long maxRows = hatsMaxRows;
        int groupRows = hatsRowGroupRows;
        java.util.function.UnaryOperator<org.mastspark.emulator.hats.HatsWriter> hatsOptions =
                w -> w.maxRowsPerPartition(maxRows).rowGroupRows(groupRows);
        if (hatsWrite != null) {
            if (hats == null) {
                fail("--hats-write needs --hats FOOTPRINT");
            }
            writeHats(b, hats, java.nio.file.Path.of(hatsWrite), hatsCatalogs, hatsOptions);
            return;
        }
        if (hats != null) {
            b.cloud(true);
        }
        MastEmulator mast = b.build();
        if (token != null) {
            mast.addToken(token, "emulator-user");
        }
        if (anyFault) {
            copy(settings, mast.faults());
        }
        mast.faults().noFfisNext(noFfis).gatewayTimeoutNext(gatewayTimeouts);
        try {
            for (String item : publish) {
                if (item.startsWith("mast:")) {
                    mast.publishToCloud(java.util.List.of(item));
                } else {
                    mast.publishObservationToCloud(Long.parseLong(item));
                }
            }
        } catch (NumberFormatException e) {
            mast.close();
            fail("Invalid value in --cloud-publish: expected obsids or mast: URIs separated by commas");
        } catch (IllegalArgumentException e) {
            mast.close();
            fail(e.getMessage());
        }
        if (hats != null) {
            try {
                mast.publishHatsToCloud(hats, hatsOptions);
            } catch (RuntimeException e) {
                mast.close();
                fail(e.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(mast::close));
        System.out.println("MAST emulator listening at " + mast.baseUrl());
        System.out.println("  synthetic sky: seed " + mast.sky().seed() + ", scale "
                + mast.sky().scale() + " (" + mast.sky().observationCount() + " observations)");
        System.out.println("  Portal:         POST|GET " + mast.baseUrl() + "/api/v0/invoke");
        System.out.println("  columnsconfig:  POST " + mast.baseUrl() + "/portal/Mashup/Mashup.asmx/columnsconfig");
        System.out.println("  downloads:      HEAD|GET " + mast.baseUrl() + "/api/v0.1/Download/file?uri=...");
        System.out.println("  curl bundle:    POST " + mast.baseUrl() + "/api/v0.1/Download/bundle.sh");
        System.out.println("  cloud paths:    GET " + mast.baseUrl() + "/api/v0.1/path_lookup/?uri=...");
        System.out.println("  whoami:         GET " + mast.baseUrl() + "/whoami");
        System.out.println("  TESScut:        GET|POST " + mast.baseUrl()
                + "/tesscut/api/v0.1/{sector,astrocut,moving_target/sector,moving_target/astrocut}");
        System.out.println("  cutout limits:  " + mast.cutoutLimitsDescription());
        if (mast.hasCloud()) {
            CloudBucket c = mast.cloud();
            System.out.println("  cloud bucket:   s3://" + c.bucket() + " at " + c.endpoint()
                    + " (path-style, anonymous; " + c.objectCount() + " objects)");
            System.out.println("    S3A:          " + new java.util.TreeMap<>(c.s3aSettings()));
        }
        System.out.println("  faults:         " + mast.faults());
        System.out.println("astroquery: put '[mast]\\nserver = " + mast.baseUrl()
                + "' in $XDG_CONFIG_HOME/astropy/astroquery.cfg before importing astroquery.mast");
        new CountDownLatch(1).await();
    }

    /** Writes the HATS catalogs of the sky the other flags describe into a directory, without serving anything. */
    private static void writeHats(
            MastEmulator.Builder b,
            org.mastspark.emulator.hats.HatsFootprint footprint,
            java.nio.file.Path dir,
            java.util.List<String> catalogs,
            java.util.function.UnaryOperator<org.mastspark.emulator.hats.HatsWriter> options) {
        org.mastspark.emulator.sky.SyntheticSky sky = b.newSky();
        long start = System.nanoTime();
        var written = options.apply(new org.mastspark.emulator.hats.HatsWriter(sky))
                .writeMastLayout(footprint, dir, catalogs);
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = 0;
        for (var e : written.entrySet()) {
            System.out.println(dir.resolve(e.getKey()) + ": " + e.getValue().rows() + " rows in "
                    + e.getValue().partitions().size() + " partitions, "
                    + e.getValue().bytes() + " bytes");
            rows += e.getValue().rows();
        }
        System.out.printf(
                java.util.Locale.ROOT, "wrote %d rows in %.1f s (%.0f rows/s)%n", rows, seconds, rows / seconds);
    }

    private static void copy(Faults from, Faults to) {
        to.latencyMillis(from.latencyMillis())
                .bandwidthBytesPerSecond(from.bandwidthBytesPerSecond())
                .retryAfterSeconds(from.retryAfterSeconds())
                .executingPolls(from.executingPolls())
                .maxConcurrentRequests(from.maxConcurrentRequests())
                .redirectTo(from.redirectTo());
        from.copyRatesTo(to);
    }

    private static void usage() {
        System.out.println("""
                usage: java -jar mast-emulator.jar [options]
                  --port N                    port to listen on (default 8765; 0 = any free port)
                  --host ADDR                 address to listen on (default 127.0.0.1)
                  --seed N                    seed of the synthetic sky (default 42)
                  --scale X                   size of the synthetic sky; 1.0 = 2,000,000 observations (default 1.0)
                  --result-limit N            rows a query may match before the connection is dropped (default 500000)
                  --token T                   accept T as a valid MAST token (exclusive-access downloads, whoami)
                cloud bucket (a copy of s3://stpubdata, off unless one of these is given):
                  --cloud-port N              serve it on port N (0 = any free port)
                  --cloud-publish LIST        put these products in it: obsids (all their public products)
                                              and/or mast: URIs, separated by commas
                  --cloud-dir DIR             keep its objects as files under DIR (default: in memory)
                  --hats FOOTPRINT            publish synthetic HATS catalogs (Gaia DR3 collection, PS1 otmo and
                                              their 10-arcsec margins) of every source in FOOTPRINT under MAST's
                                              keys: cone:RA,DEC,RADIUS (degrees) or pixels:ORDER:P1,P2,...
                  --hats-max-rows N           rows per HATS partition before it splits (default 1000000)
                  --hats-row-group-rows N     rows per Parquet row group (default 100000)
                  --hats-write DIR            write the --hats catalogs under DIR (MAST's keys) and exit
                  --hats-catalogs LIST        which --hats-write writes: gaia, ps1_otmo or both (default)
                cutout services (TESScut, Zcut, Hapcut; each counted on its own):
                  --cutout-concurrent N       requests answered at once, beyond: 503 + Retry-After: 1
                                              (default 10; 0 = no limit)
                  --cutout-per-second N       requests admitted per sliding second (default 5; 0 = no limit)
                  --cutout-service-ms N       each admitted cutout request takes N ms, holding its slot (default 0)
                  --cutout-answers DIR        keep each distinct TESScut cutout answer in DIR, answer repeats from it
                  --no-ffis-next N            the next N TESScut cutouts answer "No FFIs found" (200 JSON)
                  --gateway-timeout-next N    the next N admitted cutout requests answer 504 Gateway Time-out
                faults (all off by default):
                  --latency-ms N              delay every answer
                  --bandwidth-bytes-per-sec N cap each response's body rate
                  --error-503-rate P          answer 503 + Retry-After with probability P
                  --error-500-rate P          answer 500 with probability P
                  --error-429-rate P          answer 429 + Retry-After with probability P
                  --retry-after-sec N         Retry-After value (default 1)
                  --reset-rate P              drop the connection mid-body with probability P (where:
                                              half of a known length, 1-64 KiB into a chunked answer)
                  --reset-at-byte N|random    drop it after exactly N body bytes instead, or at a random
                                              byte over the whole answer (seeded); any answer: Portal
                                              pages, mission/Pan-STARRS answers, downloads
                  --reset-limit N             at most N resets in all (0 = no limit)
                  --truncate-rate P           end JSON bodies early with probability P
                  --executing-polls N         answer EXECUTING N times per cacheBreaker first
                  --max-concurrent N          answer 503 beyond N requests at once
                  --fault-path-prefix PATH    apply faults only to paths starting with PATH
                  --redirect-to URL           answer 302 to URL + the request's path and query (URL may be
                                              this emulator's own + /emulator/moved: a same-host redirect)""");
    }

    private static void fail(String message) {
        System.err.println(message + " (see --help)");
        System.exit(2);
    }
}
