package org.mastspark.connector.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SkyParseTest {

    @ParameterizedTest(name = "{0} = {1} deg")
    @CsvSource(
            delimiter = '|',
            value = {
                "0.2deg|0.2",
                "0.2 deg|0.2",
                "0.2|0.2",
                "12arcmin|0.2",
                "12 arcmin|0.2",
                "720arcsec|0.2",
                "30arcsec|0.008333333333333333",
                "1.5d|1.5",
                "2e-1deg|0.2",
                "360000mas|0.1"
            })
    void parsesAnglesWithUnits(String text, double degrees) {
        assertThat(SkyParse.angleDegrees("radius", text)).isCloseTo(degrees, within(1e-15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0.2 parsecs", "", "deg", "1..2deg"})
    void rejectsBadAnglesNamingOptionAndValue(String text) {
        assertThatThrownBy(() -> SkyParse.angleDegrees("radius", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '" + text
                        + "' for option 'radius': expected an angle such as '0.2deg', '12arcmin' or '30arcsec'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0deg", "-1deg", "181deg"})
    void radiusMustBePositiveAndAtMost180(String text) {
        assertThatThrownBy(() -> SkyParse.radiusDegrees("radius", text))
                .hasMessageContaining("a radius must be greater than 0 and at most 180 degrees");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // M101 in every form astropy accepts (SIMBAD: 14 03 12.583 +54 20 55.50)
                "210.8024 54.3488|210.8024|54.3488",
                "210.8024, 54.3488|210.8024|54.3488",
                "210.8024d 54.3488d|210.8024|54.3488",
                "14h03m12.6s +54d20m56s|210.8025|54.34888888888889",
                "14:03:12.6 +54:20:56|210.8025|54.34888888888889",
                "14 03 12.6 +54 20 56|210.8025|54.34888888888889",
                "05h34m31.94s +22d00m52.2s|83.63308333333333|22.0145",
                "18:36:56.3 -26:31:26|279.23458333333333|-26.523888888888887",
                "-10 -30|350.0|-30.0",
                "370 0|10.0|0.0"
            })
    void parsesCoordinatesInDegreesAndSexagesimal(String text, double ra, double dec) {
        double[] c = SkyParse.coordinates("coordinates", text);
        assertThat(c[0]).isCloseTo(ra, within(1e-9));
        assertThat(c[1]).isCloseTo(dec, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"M101", "210.8", "1 2 3", "a b"})
    void rejectsUnreadableCoordinates(String text) {
        assertThatThrownBy(() -> SkyParse.coordinates("coordinates", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value '" + text + "' for option 'coordinates': expected 'ra dec'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10 91", "10 -90.5"})
    void rejectsDeclinationBeyondThePoles(String text) {
        assertThatThrownBy(() -> SkyParse.coordinates("coordinates", text))
                .hasMessageContaining("declination must lie between -90 and +90 degrees");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // the edges of every sexagesimal field, still accepted
                "00:00:00 +90:00:00|0.0|90.0",
                "0h0m0s -90d0m0s|0.0|-90.0",
                "23:59:59.999 -89:59:59.9|359.99999583333333|-89.99997222222222",
                "12 00 00 +00 00 00|180.0|0.0",
                "+14:03:59.99 +54:59:59.99|210.99995833333333|54.99999722222222",
                "14h59m00s -00d59m59s|224.75|-0.9997222222222222",
                "1:2:3 4:5:6|15.5125|4.085"
            })
    void acceptsSexagesimalFieldsUpToTheirLimits(String text, double ra, double dec) {
        double[] c = SkyParse.coordinates("coordinates", text);
        assertThat(c[0]).isCloseTo(ra, within(1e-9));
        assertThat(c[1]).isCloseTo(dec, within(1e-9));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "14:03:99 +54:20:56|the right ascension's seconds (99) must be below 60",
                "14:03:60 +54:20:56|the right ascension's seconds (60) must be below 60",
                "14:60:00 +54:20:56|the right ascension's minutes (60) must be below 60",
                "14h75m00s +54d20m56s|the right ascension's minutes (75) must be below 60",
                "25h00m00s +10d00m00s|the right ascension's hours (25) must be below 24",
                "24:00:00 +10:00:00|the right ascension's hours (24) must be below 24",
                "24 00 00 +10 00 00|the right ascension's hours (24) must be below 24",
                "-01:00:00 +10:00:00|the right ascension's hours (-01) must not be negative",
                "14:03:12 +54:60:00|the declination's minutes (60) must be below 60",
                "14:03:12 +54:20:60.5|the declination's seconds (60.5) must be below 60",
                "14h03m12s -54d20m99s|the declination's seconds (99) must be below 60",
                "14:03:12 +91:00:00|the declination (+91:00:00) lies beyond the pole: degrees must be at most 90,"
                        + " and 90 only with zero minutes and seconds",
                "14:03:12 -90:00:01|the declination (-90:00:01) lies beyond the pole: degrees must be at most 90,"
                        + " and 90 only with zero minutes and seconds",
                "14:03:12 +90:01:00|the declination (+90:01:00) lies beyond the pole: degrees must be at most 90,"
                        + " and 90 only with zero minutes and seconds"
            })
    void refusesOutOfRangeSexagesimalFieldsInsteadOfWrappingThem(String text, String why) {
        assertThatThrownBy(() -> SkyParse.coordinates("coordinates", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '" + text + "' for option 'coordinates': " + why
                        + "; expected sexagesimal hours 0 to 23 for right ascension, degrees -90 to +90 for"
                        + " declination, minutes and seconds below 60 ('14h03m12.6s +54d20m56s',"
                        + " '14:03:12.6 +54:20:56')");
    }
}
