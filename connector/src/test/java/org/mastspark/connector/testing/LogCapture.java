package org.mastspark.connector.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event of the JVM at every level, TRACE included, while open (log4j2 is the backend in tests):
 * the root logger and every configured logger are set to TRACE and feed one appender, the console is
 * detached so that the flood is not printed. Events are not kept: each is rendered (message and stack
 * trace) and checked for the watched strings, and counted per logger prefix. Closing (idempotent)
 * restores the levels and the console.
 */
public final class LogCapture implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Configuration config = context.getConfiguration();
    private final Map<LoggerConfig, Level> levels = new HashMap<>();
    private final Map<String, Appender> detached = new HashMap<>();
    private final List<String> watched;
    private final List<String> hits = new ArrayList<>();
    private final List<String> samples = new ArrayList<>();
    private final String sampleContaining;
    private final AtomicLong events = new AtomicLong();
    private final Map<String, AtomicLong> perPrefix = new HashMap<>();
    private final Appender appender;
    private boolean closed;

    /**
     * @param watched strings whose occurrences in any rendered event are recorded ({@link #hits()})
     * @param countPrefixes logger name prefixes to count events of ({@link #count(String)})
     * @param sampleContaining events containing this are kept as samples ({@link #samples()}); null for none
     */
    public LogCapture(List<String> watched, List<String> countPrefixes, String sampleContaining) {
        this.watched = List.copyOf(watched);
        this.sampleContaining = sampleContaining;
        countPrefixes.forEach(p -> perPrefix.put(p, new AtomicLong()));
        this.appender = new AbstractAppender("test-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                record(event);
            }
        };
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        levels.put(root, root.getLevel());
        for (LoggerConfig lc : config.getLoggers().values()) {
            levels.putIfAbsent(lc, lc.getLevel());
        }
        levels.keySet().forEach(lc -> lc.setLevel(Level.TRACE));
        for (Map.Entry<String, Appender> a : root.getAppenders().entrySet()) {
            detached.put(a.getKey(), a.getValue());
            root.removeAppender(a.getKey());
        }
        root.addAppender(appender, Level.TRACE, null);
        context.updateLoggers();
    }

    private void record(LogEvent event) {
        events.incrementAndGet();
        String name = event.getLoggerName() == null ? "" : event.getLoggerName();
        for (Map.Entry<String, AtomicLong> p : perPrefix.entrySet()) {
            if (name.startsWith(p.getKey())) {
                p.getValue().incrementAndGet();
            }
        }
        StringBuilder text = new StringBuilder(name).append(' ');
        text.append(event.getMessage() == null ? "" : event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter w = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(w));
            text.append('\n').append(w);
        }
        String s = text.toString();
        for (String w : watched) {
            if (s.contains(w)) {
                synchronized (hits) {
                    hits.add(s.length() > 500 ? s.substring(0, 500) : s);
                }
            }
        }
        if (sampleContaining != null && s.contains(sampleContaining)) {
            synchronized (samples) {
                if (samples.size() < 100) {
                    samples.add(s);
                }
            }
        }
    }

    /** Rendered events (cut to 500 characters) that contained a watched string. */
    public List<String> hits() {
        synchronized (hits) {
            return new ArrayList<>(hits);
        }
    }

    /** Up to 100 rendered events containing the sample string, in order. */
    public List<String> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    /** Events seen in all. */
    public long events() {
        return events.get();
    }

    /** Events of loggers whose name starts with the prefix (one given to the constructor). */
    public long count(String prefix) {
        return perPrefix.get(prefix).get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(appender.getName());
        detached.values().forEach(a -> root.addAppender(a, null, null));
        levels.forEach(LoggerConfig::setLevel);
        context.updateLoggers();
        if (config instanceof AbstractConfiguration ac) {
            ac.removeAppender(appender.getName());
        }
        appender.stop();
    }
}
