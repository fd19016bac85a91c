package org.mastspark.connector.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.download.DownloadOptions;

/** The option registry: one declaration per key, its documented default, its parsers and their errors. */
class OptionKeysTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void aDocumentedDefaultValueIsTheDeclaredDefault() {
        int checked = 0;
        for (OptionArea area : OptionArea.values()) {
            for (OptionKey<?> key : area.keys()) {
                if (key.defaultValue() == null || key.defaultDoc() == null) {
                    continue;
                }
                Matcher m = CODE.matcher(key.defaultDoc());
                if (m.lookingAt()) {
                    assertThat((Object) key.parse(m.group(1)))
                            .as(area + " " + key.name() + " documented as " + key.defaultDoc())
                            .isEqualTo(key.defaultValue());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void absentOrBlankGivesTheDefaultAndTextIsTrimmed() {
        assertThat(ReadKeys.PAGESIZE.parse(null)).isEqualTo(50_000);
        assertThat(ReadKeys.PAGESIZE.parse("  ")).isEqualTo(50_000);
        assertThat(ReadKeys.PAGESIZE.parse(" 7 ")).isEqualTo(7);
        assertThat(ReadKeys.PAGESIZE.parse("10_000")).isEqualTo(10_000);
        assertThat(MissionKeys.PAGESIZE.parse(null)).isEqualTo(5_000);
        assertThat(MissionKeys.RADIUS.parse(null)).isEqualTo(3.0 / 60);
        assertThat(PanstarrsKeys.RADIUS.parse(null)).isEqualTo(0.2);
        assertThat(ReadKeys.RADIUS.parse("12arcmin")).isEqualTo(0.2);
        assertThat(ReadKeys.TARGET.parse(" M101 ")).isEqualTo("M101");
        assertThat(ReadKeys.TARGET.parse(null)).isNull();
    }

    @Test
    void wholeNumbersAreRefusedWithTheirRangeAndTheirAreasDefault() {
        assertThatThrownBy(() -> ReadKeys.PAGESIZE.parse("x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'x' for option 'pagesize': expected a whole number from 1 to 500000"
                        + " (default 50000)");
        assertThatThrownBy(() -> MissionKeys.PAGESIZE.parse("500001"))
                .hasMessage("Invalid value '500001' for option 'pagesize': expected a whole number from 1 to 500000"
                        + " (default 5000)");
        assertThatThrownBy(() -> ReadKeys.HEALPIX_ORDER.parse("2.5"))
                .hasMessage("Invalid value '2.5' for option 'healpixOrder': expected a whole number from 0 to 29"
                        + " (default 29)");
    }

    @Test
    void choicesBooleansAndRatesNameWhatTheyExpect() {
        assertThat(ResolverKeys.RESOLVER.parse("simbad")).isEqualTo("SIMBAD");
        assertThat(DownloadKeys.LAYOUT.parse("MASTDOWNLOAD")).isEqualTo("mastDownload");
        assertThatThrownBy(() -> DownloadKeys.COMMIT.parse("maybe"))
                .hasMessage("Invalid value 'maybe' for option 'commit': expected auto, rename or direct");
        assertThat(ReadKeys.HEALPIX.parse("TRUE")).isTrue();
        assertThatThrownBy(() -> ReadKeys.HEALPIX.parse("yes"))
                .hasMessage("Invalid value 'yes' for option 'healpix': expected true or false");
        assertThat(DownloadKeys.REQUESTS_PER_SECOND.parse("2.5")).isEqualTo(2.5);
        for (String bad : List.of("-1", "NaN", "Infinity", "fast")) {
            assertThatThrownBy(() -> ResolverKeys.REQUESTS_PER_SECOND.parse(bad))
                    .hasMessage("Invalid value '" + bad + "' for option 'resolverRequestsPerSecond': expected a"
                            + " number of requests per second, 0 for no limit");
        }
        assertThat(DownloadKeys.SOURCE.parse("Mission: HST")).isEqualTo("mission:hst");
        assertThat(DownloadKeys.CLOUD_ROOT.parse("s3a://bucket/")).isEqualTo("s3a://bucket");
    }

    @Test
    void aNameDeclaredTwiceInOneAreaIsRefused() {
        KeySet keys = new KeySet(OptionArea.READ);
        keys.text("pagesize", null, null, "one");
        assertThatThrownBy(() -> keys.wholeNumber("PageSize", 1, 1, 2, null, "two"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Option 'PageSize' is declared twice in area READ");
    }

    @Test
    void areasHoldEachNameOnce() {
        for (OptionArea area : OptionArea.values()) {
            Set<String> names = new HashSet<>();
            for (OptionKey<?> key : area.keys()) {
                assertThat(names.add(key.name().toLowerCase(java.util.Locale.ROOT)))
                        .as(area + " " + key.name())
                        .isTrue();
                assertThat(key.area()).isEqualTo(area);
                assertThat(key.doc()).isNotBlank();
            }
        }
    }

    /** The public option-name constants of the classes that gather options are registered keys, not new ones. */
    @Test
    void optionNameConstantsAreRegisteredKeys() throws IllegalAccessException {
        Set<String> registered = new HashSet<>();
        for (OptionArea area : OptionArea.values()) {
            area.keys().forEach(k -> registered.add(k.name()));
        }
        int constants = 0;
        for (Class<?> c : List.of(MastOptions.class, DownloadOptions.class)) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        && f.getType() == String.class
                        && !f.getName().startsWith("DEFAULT_")
                        && !f.getName().equals("SESSION_PREFIX")) {
                    assertThat(registered)
                            .as(c.getSimpleName() + "." + f.getName())
                            .contains((String) f.get(null));
                    constants++;
                }
            }
        }
        assertThat(constants).isEqualTo(37);
    }
}
