package org.mastspark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A standalone Spark cluster as a user runs one: a SPARK_HOME laid out from the Maven Central jars of one Spark
 * version, a master and two workers (each its own JVM, on 127.0.0.1, free ports, one core and 1 GiB each), and
 * {@code SparkSubmit} in client mode. Spark's own launcher ({@code org.apache.spark.launcher.Main}, what
 * {@code bin/spark-class} runs) builds every Java command line, Java 17 flags included; the harness then starts
 * that command itself, so that each process's PID is a JVM's and can be stopped with its children (the executors
 * are children of the workers). Every process logs to its own file.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Spark version and the Scala version of its artifacts: {@code 4.2.0}, {@code 3.5.9_2.12}. */
    record SparkVersion(String spark, String scala) {
        static SparkVersion parse(String s) {
            Matcher m = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:_(2\\.1[23]))?").matcher(s.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("Invalid value '" + s + "' in cluster.spark.versions: expected a"
                        + " Spark version such as '4.2.0', or one with its Scala version such as '3.5.9_2.12'");
            }
            return new SparkVersion(m.group(1), m.group(2) == null ? "2.13" : m.group(2));
        }

        static List<SparkVersion> parseAll(String list) {
            return Arrays.stream(list.split(","))
                    .filter(s -> !s.isBlank())
                    .map(SparkVersion::parse)
                    .toList();
        }

        String id() {
            return spark + "_" + scala;
        }
    }

    /** The harness's settings, as the build passes them. */
    record Settings(Path target, Path distPom, Path mavenHome, Path mavenRepo) {
        static Settings fromSystemProperties() {
            return new Settings(
                    Path.of(required("cluster.target")),
                    Path.of(required("cluster.dist.pom")),
                    Path.of(required("cluster.maven.home")),
                    Path.of(required("cluster.maven.repo")));
        }

        private static String required(String key) {
            String v = System.getProperty(key);
            if (v == null || v.isBlank()) {
                throw new IllegalStateException("System property '" + key + "' is not set: run the cluster tests"
                        + " through Maven (./mvnw -pl cluster -am verify), which sets it");
            }
            return v;
        }
    }

    private final SparkVersion version;
    private final Path home;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "stop-standalone-cluster");
    private String masterUrl;
    private int masterWebUiPort;
    private final List<Path> workerDirs = new ArrayList<>();

    private StandaloneCluster(SparkVersion version, Path home, Path dir) {
        this.version = version;
        this.home = home;
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * A SPARK_HOME for a version, built once and kept under {@code target/spark-homes}: {@code jars/} from
     * {@code dependency:copy-dependencies} of {@code spark-sql} (run by the project's Maven on the small POM
     * {@code spark-dist/pom.xml}), and the RELEASE file by which the launcher knows a distribution.
     */
    static Path sparkHome(Settings s, SparkVersion v) throws IOException, InterruptedException {
        Path home = s.target().resolve("spark-homes").resolve(v.id());
        Path done = home.resolve("RELEASE");
        if (Files.exists(done)) {
            return home;
        }
        Path jars = home.resolve("jars");
        Files.createDirectories(home);
        List<String> cmd = new ArrayList<>(List.of(
                s.mavenHome().resolve("bin").resolve("mvn").toString(),
                "-B",
                "-ntp",
                "-q",
                "-f",
                s.distPom().toString(),
                "dependency:copy-dependencies",
                "-Dspark.version=" + v.spark(),
                "-Dscala.binary.version=" + v.scala(),
                "-DoutputDirectory=" + jars,
                "-Dmaven.repo.local=" + s.mavenRepo()));
        Path log = home.resolve("resolve.log");
        // Offline first: once the jars are in the local repository no network is needed (offline builds work);
        // a first run fetches them.
        List<String> offline = new ArrayList<>(cmd);
        offline.add("-o");
        if (!maven(offline, log) && !maven(cmd, log)) {
            throw new IllegalStateException(
                    "Resolving Spark " + v.id() + " failed: " + String.join(" ", cmd) + "\n" + tail(log, 40));
        }
        Files.writeString(
                done,
                "Spark " + v.spark() + " (Scala " + v.scala() + ") from Maven Central jars, for mast-spark's cluster"
                        + " tests\n");
        return home;
    }

    private static boolean maven(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            stop(p);
            return false;
        }
        return p.exitValue() == 0;
    }

    /** Starts a master and two workers and waits until both workers are registered with the master. */
    static StandaloneCluster start(SparkVersion version, Path home, Path dir) throws Exception {
        Files.createDirectories(dir);
        StandaloneCluster c = new StandaloneCluster(version, home, dir);
        try {
            int port = freePort();
            c.masterWebUiPort = freePort();
            c.masterUrl = "spark://127.0.0.1:" + port;
            c.launch(
                    "master",
                    List.of(
                            "org.apache.spark.deploy.master.Master",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--webui-port",
                            Integer.toString(c.masterWebUiPort)));
            for (int i = 1; i <= 2; i++) {
                Path work = dir.resolve("worker-" + i);
                Files.createDirectories(work);
                c.workerDirs.add(work);
                c.launch(
                        "worker-" + i,
                        List.of(
                                "org.apache.spark.deploy.worker.Worker",
                                "--host",
                                "127.0.0.1",
                                "--port",
                                Integer.toString(freePort()),
                                "--webui-port",
                                Integer.toString(freePort()),
                                "--cores",
                                "1",
                                "--memory",
                                "1g",
                                "--work-dir",
                                work.toString(),
                                c.masterUrl));
            }
            c.awaitWorkers(2, Duration.ofMinutes(3));
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    SparkVersion version() {
        return version;
    }

    /** The work directories of the two workers (each executor runs in {@code <work>/<app id>/<executor id>}). */
    List<Path> workerDirs() {
        return workerDirs;
    }

    /**
     * Runs {@code SparkSubmit} with these arguments (after {@code --master}) in client mode and waits for it.
     *
     * @return the exit code
     */
    int submit(String name, List<String> args, Duration timeout) throws Exception {
        List<String> all = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl));
        all.addAll(args);
        Process p = launch(name, all);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop(p);
            throw new IllegalStateException("spark-submit " + name + " did not end within " + timeout);
        }
        return p.exitValue();
    }

    /** The log file of a process started under this name. */
    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** The last lines of every process's log (and the executors'), for a failed test's report. */
    String tails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (Path log : logs) {
            sb.append("==== ").append(log).append('\n').append(tail(log, lines)).append('\n');
        }
        for (Path w : workerDirs) {
            try (Stream<Path> files = Files.walk(w)) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr"))
                        .toList()) {
                    sb.append("==== ")
                            .append(f)
                            .append('\n')
                            .append(tail(f, lines))
                            .append('\n');
                }
            } catch (IOException e) {
                sb.append("(cannot list ").append(w).append(": ").append(e).append(")\n");
            }
        }
        return sb.toString();
    }

    /**
     * Starts a Spark main class as {@code bin/spark-class} does: Spark's launcher prints the Java command (NUL
     * separated), which is then started directly.
     */
    private Process launch(String name, List<String> classAndArgs) throws IOException, InterruptedException {
        Path log = log(name);
        List<String> launcher = new ArrayList<>(
                List.of(javaBin(), "-Xmx128m", "-cp", home.resolve("jars") + "/*", "org.apache.spark.launcher.Main"));
        launcher.addAll(classAndArgs);
        ProcessBuilder lb = new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.INHERIT);
        environment(lb.environment());
        Process l = lb.start();
        byte[] out = l.getInputStream().readAllBytes();
        if (!l.waitFor(2, TimeUnit.MINUTES) || l.exitValue() != 0) {
            throw new IllegalStateException("Spark's launcher failed for " + classAndArgs.get(0) + ": "
                    + new String(out, StandardCharsets.UTF_8));
        }
        List<String> command = new ArrayList<>();
        // The launcher prints each argument followed by NUL; a line break may precede the first.
        for (String part : new String(out, StandardCharsets.UTF_8).split("\0")) {
            String arg = part.replaceAll("^[\r\n]+|[\r\n]+$", "");
            if (!arg.isEmpty()) {
                command.add(arg);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        environment(pb.environment());
        Files.writeString(log, "");
        Process p = pb.start();
        synchronized (processes) {
            processes.add(p);
            logs.add(log);
        }
        return p;
    }

    private void environment(Map<String, String> env) {
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", version.scala());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
        env.put("SPARK_DAEMON_MEMORY", "384m");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("SPARK_DIST_CLASSPATH");
    }

    private void awaitWorkers(int n, Duration timeout) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("A cluster process ended early (exit " + p.exitValue() + ")");
                }
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterWebUiPort + "/json/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                JsonNode alive = JSON.readTree(last).path("aliveworkers");
                if (alive.asInt() >= n) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "Fewer than " + n + " workers registered with the master within " + timeout + ": " + last);
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs stopAll itself
        }
    }

    private void stopAll() {
        List<Process> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
            processes.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            stop(all.get(i));
        }
    }

    /** Stops a process and every process it started (a worker's executors), by PID. */
    static void stop(Process p) {
        List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
        family.add(p.toHandle());
        family.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : family) {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no file)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An emulator in its own JVM, from its standalone jar, on a free port. */
    static final class EmulatorProcess implements AutoCloseable {
        private final Process process;
        private final String baseUrl;
        private final Path log;

        private EmulatorProcess(Process process, String baseUrl, Path log) {
            this.process = process;
            this.baseUrl = baseUrl;
            this.log = log;
        }

        static EmulatorProcess start(Path jar, Path log, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(
                    javaBin(),
                    "-Xmx2g",
                    "-cp",
                    jar.toString(),
                    "org.mastspark.emulator.EmulatorMain",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0"));
            cmd.addAll(List.of(args));
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Thread hook = new Thread(() -> stop(p));
            Runtime.getRuntime().addShutdownHook(hook);
            Pattern listening = Pattern.compile("MAST emulator listening at (http://\\S+)");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(
                            "The emulator ended (exit " + p.exitValue() + "):\n" + tail(log, 40));
                }
                Matcher m = listening.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return new EmulatorProcess(p, m.group(1), log);
                }
                Thread.sleep(100);
            }
            stop(p);
            throw new IllegalStateException("The emulator did not start within 2 minutes:\n" + tail(log, 40));
        }

        String baseUrl() {
            return baseUrl;
        }

        Path log() {
            return log;
        }

        @Override
        public void close() {
            stop(process);
        }
    }

    /** Environment-independent formatting of a duration in seconds. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
