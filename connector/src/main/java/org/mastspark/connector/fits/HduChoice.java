package org.mastspark.connector.fits;

import java.io.Serializable;
import java.util.Locale;
import org.mastspark.connector.options.OptionKey;

/**
 * Which HDU of each file a read takes (option {@code hdu}): a 0-based index, an EXTNAME (the first HDU of that
 * name, any EXTVER), EXTNAME and EXTVER, or (the default) the first BINTABLE HDU. EXTNAME matches ignoring
 * case and surrounding blanks, as astropy's {@code hdul['name']}. Immutable.
 *
 * @param index the 0-based index, or -1
 * @param extname the EXTNAME (upper case), or null
 * @param extver the EXTVER, or -1 for any
 */
record HduChoice(int index, String extname, int extver) implements Serializable {
    /** The default: the first BINTABLE HDU. */
    static final HduChoice FIRST_TABLE = new HduChoice(-1, null, -1);

    static HduChoice parse(String option, String text) {
        if (text == null || text.isBlank()) {
            return FIRST_TABLE;
        }
        String t = text.trim();
        String expected = "an HDU index (0 for the primary HDU, 1 for the first extension), an EXTNAME such as"
                + " LIGHTCURVE, or EXTNAME,EXTVER such as SCI,2";
        if (t.chars().allMatch(Character::isDigit)) {
            try {
                return new HduChoice(Integer.parseInt(t), null, -1);
            } catch (NumberFormatException e) {
                throw OptionKey.invalid(option, t, expected);
            }
        }
        String[] parts = t.split(",", -1);
        if (parts.length > 2 || parts[0].isBlank() || parts[0].trim().startsWith("-")) {
            throw OptionKey.invalid(option, t, expected);
        }
        int ver = -1;
        if (parts.length == 2) {
            try {
                ver = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                ver = 0;
            }
            if (ver < 1) {
                throw OptionKey.invalid(option, t, expected + " (EXTVER a whole number from 1)");
            }
        }
        return new HduChoice(-1, parts[0].trim().toUpperCase(Locale.ROOT), ver);
    }

    /** Whether the HDU at {@code index} with this header is the one chosen. */
    boolean matches(int hduIndex, FitsHdus.Hdu hdu) {
        if (index >= 0) {
            return hduIndex == index;
        }
        if (extname == null) {
            return "BINTABLE".equals(hdu.xtension());
        }
        String name = hdu.extname();
        if (name == null || !name.trim().equalsIgnoreCase(extname)) {
            return false;
        }
        return extver < 0 || hdu.extver() == extver;
    }

    /** The choice as users write it, for plans and messages. */
    String describe() {
        if (index >= 0) {
            return Integer.toString(index);
        }
        if (extname == null) {
            return "the first BINTABLE";
        }
        return extver < 0 ? extname : extname + "," + extver;
    }
}
