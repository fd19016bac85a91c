package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nom.tam.fits.Header;
import nom.tam.util.FitsInputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw card scan that locates HDUs reads values as nom-tam-fits does, a repeated keyword's first card. */
class RawCardsTest {
    private static byte[] header(List<String> cards) {
        return FitsTestFiles.header(cards);
    }

    private static final List<String> CARDS = List.of(
            FitsTestFiles.cardRaw("XTENSION", "'BINTABLE'", "binary table"),
            FitsTestFiles.cardRaw("BITPIX", "8", ""),
            FitsTestFiles.cardRaw("NAXIS", "2", ""),
            // free format: the value starts right after "= "
            "NAXIS1  = 16 / bytes per row",
            FitsTestFiles.cardRaw("NAXIS2", "+20000", ""),
            FitsTestFiles.cardRaw("PCOUNT", "0", ""),
            FitsTestFiles.cardRaw("GCOUNT", "1", ""),
            FitsTestFiles.cardRaw("EXTNAME", "'O''BRIEN  '", "a quote inside, trailing blanks"),
            FitsTestFiles.cardRaw("EXTNAME", "'SECOND'", "a second card of the keyword: the first counts"),
            FitsTestFiles.cardRaw("EXTVER", "3", ""),
            "COMMENT   NAXIS3  = 7 is no card of NAXIS3",
            FitsTestFiles.emptyCard("EMPTY", "no value"));

    @Test
    void readsStringsAndIntegersAsNomTamFitsAndTheFirstCardOfAKeywordAsAstropy() throws Exception {
        byte[] raw = header(CARDS);
        assertThat(RawCards.end(raw, 0, raw.length)).isEqualTo(CARDS.size() * 80);
        RawCards cards = new RawCards(raw, "f.fits", 1, 2880);
        Header h = Header.readHeader(new FitsInputStream(new java.io.ByteArrayInputStream(raw)));
        assertThat(cards.string("XTENSION"))
                .isEqualTo(h.getStringValue("XTENSION"))
                .isEqualTo("BINTABLE");
        // a repeated keyword: the first card counts, as astropy's header[keyword] (nom-tam-fits keeps the last)
        assertThat(cards.string("EXTNAME")).isEqualTo("O'BRIEN");
        assertThat(h.getStringValue("EXTNAME")).isEqualTo("SECOND");
        for (String k : List.of("BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "PCOUNT", "GCOUNT", "EXTVER")) {
            assertThat(cards.integer(k, -1)).as(k).isEqualTo(h.getLongValue(k, -1));
        }
        assertThat(cards.integer("NAXIS2", -1)).isEqualTo(20000);
        assertThat(cards.integer("NAXIS3", -1)).isEqualTo(-1);
        assertThat(cards.integer("EMPTY", 5)).isEqualTo(5);
        assertThat(cards.string("NOSUCH")).isNull();
    }

    @Test
    void tableAndImageLayoutsFromRawCardsEqualThoseFromNomTamFitsForEveryTestFile(@TempDir Path dir) throws Exception {
        FitsTestFiles.writeAll(dir);
        Files.write(dir.resolve("lc.fits"), LightCurves.lightCurve(5, 3));
        int tables = 0;
        int images = 0;
        for (String f :
                List.of("straddle.fits", "alltypes.fits", "scaled.fits", "image.fits", "merge-a.fits", "lc.fits")) {
            String file = dir.resolve(f).toUri().toString();
            try (FitsInput in = FitsInput.open(new Configuration(), file, -1)) {
                for (FitsHdus.Hdu h : FitsHdus.scan(in, file, x -> false)) {
                    FitsDecodeOptions o = FitsDecodeOptions.DEFAULTS;
                    if (h.table()) {
                        FitsTable a = FitsTable.of(h.header(), o, file);
                        FitsTable b = FitsTable.of(h.cards(), o, file);
                        assertThat(b.schema().json())
                                .as(file)
                                .isEqualTo(a.schema().json());
                        assertThat(List.of(b.rowBytes(), b.rows(), b.heapOffset()))
                                .isEqualTo(List.of(a.rowBytes(), a.rows(), a.heapOffset()));
                        tables++;
                    } else if (h.image() && h.header().getIntValue("NAXIS", 0) > 0) {
                        assertThat(FitsImage.of(h.cards(), o, file).schema().json())
                                .as(file)
                                .isEqualTo(FitsImage.of(h.header(), o, file)
                                        .schema()
                                        .json());
                        images++;
                    }
                }
            }
        }
        assertThat(tables).isEqualTo(5);
        assertThat(images).isGreaterThan(0);
    }

    @Test
    void aLongStringContinuesOnContinueCards() {
        byte[] raw = header(List.of(
                FitsTestFiles.cardRaw("TUNIT1", "'electrons per &'", ""),
                "CONTINUE  'second, with a '' quote&'",
                "CONTINUE  ' end'",
                FitsTestFiles.cardRaw("TUNIT2", "'plain&'", "")));
        RawCards cards = new RawCards(raw, "f.fits", 1, 2880);
        assertThat(cards.raw("TUNIT1")).isEqualTo("electrons per second, with a ' quote end");
        // a string ending in & without a CONTINUE card keeps its &
        assertThat(cards.raw("TUNIT2")).isEqualTo("plain&");
    }

    @Test
    void anIntegerCardWithAnotherValueIsRefusedNamingTheFileHduAndCard() {
        byte[] raw = header(List.of(FitsTestFiles.cardRaw("NAXIS", "2.5", "")));
        assertThatThrownBy(() -> new RawCards(raw, "f.fits", 1, 2880).integer("NAXIS", 0))
                .isInstanceOf(FitsFileException.class)
                .hasMessage("f.fits: the header of HDU 1 (from byte 2880) is not valid FITS: NAXIS = 2.5 is not an"
                        + " integer");
        byte[] noEnd = new byte[2880];
        java.util.Arrays.fill(noEnd, (byte) ' ');
        byte[] card = "ENDX".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(card, 0, noEnd, 0, card.length);
        assertThat(RawCards.end(noEnd, 0, noEnd.length)).isEqualTo(-1);
    }
}
