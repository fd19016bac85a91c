package org.mastspark.connector.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's option tables list exactly the registered keys of each area, each with the default its key
 * declares ({@link OptionKey#defaultDoc()}, a dash for none), so that the user documentation cannot drift from
 * the code. Tables are found by their header: {@code | option | default | ...} under the section of their area,
 * or {@code | option | missions | Pan-STARRS | ...} where a dash means the option is not that source's own.
 */
class ReadmeOptionTablesTest {
    private static final String NONE = "—";

    /** The README beside the module's directory (Maven's {@code basedir}), else in the working directory. */
    static Path readme() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        for (Path p : List.of(base.resolve("../README.md"), base.resolve("README.md"))) {
            if (Files.isRegularFile(p) && Files.isDirectory(p.resolveSibling("connector"))) {
                return p.normalize();
            }
        }
        throw new AssertionError("no project README.md near " + base);
    }

    /** The area of a default column: named for a source, or {@code default} in an area's README section. */
    private static OptionArea area(String column, String section) {
        return switch (column) {
            case "missions" -> OptionArea.MISSIONS;
            case "Pan-STARRS" -> OptionArea.PANSTARRS;
            case "HATS" -> OptionArea.HATS;
            case "default" -> {
                if (section.startsWith("Reading MAST with Spark")) {
                    yield OptionArea.READ;
                } else if (section.startsWith("Name resolution")) {
                    yield OptionArea.RESOLVER;
                } else if (section.startsWith("Downloading products")) {
                    yield OptionArea.DOWNLOAD;
                } else if (section.startsWith("Cutouts")) {
                    yield OptionArea.CUTOUTS;
                }
                throw new AssertionError("an option table in section '" + section + "', which has no option area");
            }
            default -> throw new AssertionError("option table column '" + column + "' names no option area");
        };
    }

    private static List<String> cells(String line) {
        String t = line.trim();
        List<String> cells = new ArrayList<>();
        for (String c : t.substring(1, t.length() - 1).split("\\|", -1)) {
            cells.add(c.trim());
        }
        return cells;
    }

    /** Per area, option name to its default cell, from every option table of the README. */
    static Map<OptionArea, Map<String, String>> tables(List<String> lines) {
        Map<OptionArea, Map<String, String>> tables = new EnumMap<>(OptionArea.class);
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                section = line.substring(3).trim();
            }
            if (!line.startsWith("| option |")
                    || i + 1 >= lines.size()
                    || !lines.get(i + 1).startsWith("|---")) {
                continue;
            }
            List<String> header = cells(line);
            assertThat(header.get(header.size() - 1))
                    .as("last column of " + line)
                    .isEqualTo("meaning");
            List<OptionArea> areas = new ArrayList<>();
            for (String column : header.subList(1, header.size() - 1)) {
                OptionArea area = area(column, section);
                assertThat(tables).as("a second table for area " + area).doesNotContainKey(area);
                tables.put(area, new LinkedHashMap<>());
                areas.add(area);
            }
            for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
                List<String> row = cells(lines.get(i));
                String name = row.get(0);
                assertThat(name).as("option cell of " + lines.get(i)).matches("`[^`]+`");
                name = name.substring(1, name.length() - 1);
                for (int a = 0; a < areas.size(); a++) {
                    String def = row.get(a + 1);
                    // in a per-source table, a dash means "not this source's"
                    if (areas.size() == 1 || !def.equals(NONE)) {
                        assertThat(tables.get(areas.get(a)).put(name, def))
                                .as("option '" + name + "' listed twice for " + areas.get(a))
                                .isNull();
                    }
                }
            }
            i--; // the line that ended the table may be a heading
        }
        return tables;
    }

    @Test
    void readmeOptionTablesListTheRegisteredKeysWithTheirDefaults() throws IOException {
        Map<OptionArea, Map<String, String>> tables = tables(Files.readAllLines(readme()));
        assertThat(tables.keySet()).containsExactlyInAnyOrder(OptionArea.values());
        for (OptionArea area : OptionArea.values()) {
            Map<String, String> documented = new LinkedHashMap<>(tables.get(area));
            if (area == OptionArea.DOWNLOAD) {
                assertThat(documented.remove(DownloadKeys.HADOOP_PREFIX + "*"))
                        .as("the README's row of Hadoop settings (" + DownloadKeys.HADOOP_PREFIX + "*)")
                        .isEqualTo(NONE);
            }
            if (area == OptionArea.HATS) {
                assertThat(documented.remove(HatsKeys.HADOOP_PREFIX + "*"))
                        .as("the README's row of Hadoop settings (" + HatsKeys.HADOOP_PREFIX + "*)")
                        .isEqualTo(NONE);
            }
            Map<String, String> registered = new LinkedHashMap<>();
            for (OptionKey<?> key : area.keys()) {
                registered.put(key.name(), key.defaultDoc() == null ? NONE : key.defaultDoc());
            }
            assertThat(documented)
                    .as("README option table of " + area + ": option -> default")
                    .isEqualTo(registered);
        }
    }

    @Test
    void tablesAreReadByHeaderSectionAndSourceColumn() {
        List<String> md = List.of(
                "## Reading MAST with Spark",
                "| option | default | meaning |",
                "|---|---|---|",
                "| `pagesize` | `50000` | rows |",
                "| `target` | — | a name |",
                "",
                "| option | missions | Pan-STARRS | meaning |",
                "|---|---|---|---|",
                "| `radius` | `3arcmin` | `0.2deg` | cone |",
                "| `sortBy` | — | ids | order |",
                "## Name resolution (module `udfs`)",
                "| option | default | meaning |",
                "|---|---|---|",
                "| `resolver` | SANTA's first answer | pin |");
        Map<OptionArea, Map<String, String>> tables = tables(md);
        assertThat(tables)
                .isEqualTo(Map.of(
                        OptionArea.READ, Map.of("pagesize", "`50000`", "target", NONE),
                        OptionArea.MISSIONS, Map.of("radius", "`3arcmin`"),
                        OptionArea.PANSTARRS, Map.of("radius", "`0.2deg`", "sortBy", "ids"),
                        OptionArea.RESOLVER, Map.of("resolver", "SANTA's first answer")));
    }
}
