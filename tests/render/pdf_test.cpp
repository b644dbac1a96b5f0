// The text layer of the PDFs the project writes (src/render/pdf.hpp): the twins of Noto Sans
// CJK's shared glyphs, the ToUnicode CMap rewrite, and a PDF written by write_pdf read back
// with pdftotext (poppler-utils), as offices copy and search it.

#include "geo/test_util.hpp"
#include "map_renderer.hpp"
#include "pdf.hpp"

#include <QFile>
#include <QFontDatabase>
#include <QProcess>

#include <gtest/gtest.h>

using namespace gridmap::render;

namespace {

bool have_noto() {
    return QFontDatabase::families().contains(QStringLiteral("Noto Sans CJK SC"));
}

/// The code points of `text` in U+2E80-U+2FDF (CJK radicals supplement, Kangxi radicals).
QString radicals_in(const QString& text) {
    QString found;
    for (char32_t c : text.toUcs4()) {
        if (c >= 0x2E80 && c <= 0x2FDF) {
            found += QStringLiteral("U+%1 ").arg(static_cast<uint>(c), 4, 16, QLatin1Char('0'));
        }
    }
    return found;
}

} // namespace

TEST(PdfTextLayerTest, NotoTwinsAreTheSimplifiedIdeographsDrawn) {
    if (!have_noto()) {
        GTEST_SKIP() << "Noto Sans CJK SC is not installed (scripts/setup installs it)";
    }
    const QHash<char32_t, char32_t>& twins = map_font_twins();
    // The characters the issue found (网 -> ⽹, 长 -> ⻓, 户 -> ⼾) and 一 (⼀ U+2F00).
    EXPECT_EQ(twins.value(0x2F79), 0x7F51u); // KANGXI RADICAL NET -> 网
    EXPECT_EQ(twins.value(0x2ED3), 0x957Fu); // CJK RADICAL C-SIMPLIFIED LONG -> 长
    // KANGXI RADICAL DOOR: the glyph of Noto Sans CJK SC is the simplified 户 U+6237, not
    // 戶 U+6236 that Unicode's equivalence (and NFKC) would give.
    EXPECT_EQ(twins.value(0x2F3E), 0x6237u);
    EXPECT_EQ(twins.value(0x2F00), 0x4E00u); // ⼀ -> 一
    EXPECT_EQ(twins.value(0x0009), 0x0020u); // the tab shares the space's glyph
    // Ordinary characters are never replaced.
    EXPECT_FALSE(twins.contains(0x7F51));
    EXPECT_FALSE(twins.contains(0x0041));
}

TEST(PdfTextLayerTest, CMapRangesAndCharsAreRewrittenWithTwins) {
    // CID 1-3 in an array range (网 as ⽹ between two others), CID 0x10-0x12 a linear range
    // starting at ⼀ (U+2F00, U+2F01, U+2F02), CID 0x20 a bfchar with 户 as ⼾.
    const QByteArray cmap = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                            "2 beginbfrange\n<0001> <0003> [<7B2C> <2F79> <683C>]\n"
                            "<0010> <0012> <2F00>\nendbfrange\n"
                            "1 beginbfchar\n<0020> <2F3E>\nendbfchar\n"
                            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    const QHash<char32_t, char32_t> twins{{0x2F79, 0x7F51}, {0x2F00, 0x4E00}, {0x2F3E, 0x6237}};
    const auto mended = mend_to_unicode_cmap(cmap, twins);
    ASSERT_TRUE(mended.has_value());
    const QString text = QString::fromLatin1(*mended);
    // The header up to the codespace ranges is kept.
    EXPECT_TRUE(text.startsWith(QStringLiteral("/CIDInit /ProcSet findresource begin\n12 dict "
                                               "begin\nbegincmap\n/CMapName /Adobe-Identity-UCS "
                                               "def\n/CMapType 2 def\n1 begincodespacerange\n")))
        << text.toStdString();
    // Seven codes, each once, in order; only the three twins change (⼁ U+2F01, ⼂ U+2F02 have
    // none here).
    EXPECT_NE(text.indexOf(QStringLiteral("7 beginbfchar\n<0001> <7B2C>\n<0002> <7F51>\n"
                                          "<0003> <683C>\n<0010> <4E00>\n<0011> <2F01>\n"
                                          "<0012> <2F02>\n<0020> <6237>\nendbfchar\n")),
              -1)
        << text.toStdString();
    EXPECT_TRUE(text.endsWith(QStringLiteral("endcmap\nCMapName currentdict /CMap "
                                             "defineresource pop\nend\nend\n")));
    // Nothing to change: nullopt, the stream is left as it is.
    EXPECT_FALSE(mend_to_unicode_cmap(cmap, {{0x3000, 0x4E00}}).has_value());
}

TEST(PdfTextLayerTest, CMapOverMoreThanHundredCodesIsSplitIntoBlocks) {
    // 150 codes in one linear range starting at ⼀: 100 + 50 entries, the first mended.
    const QByteArray cmap = "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                            "1 beginbfrange\n<0001> <0096> <2F00>\nendbfrange\n";
    const auto mended = mend_to_unicode_cmap(cmap, {{0x2F00, 0x4E00}});
    ASSERT_TRUE(mended.has_value());
    EXPECT_EQ(mended->count("100 beginbfchar\n"), 1);
    EXPECT_EQ(mended->count("50 beginbfchar\n"), 1);
    EXPECT_EQ(mended->count("<0001> <4E00>\n"), 1);
    EXPECT_EQ(mended->count("<0096> <2F95>\n"), 1); // 0x2F00 + 0x95
}

TEST(PdfTextLayerTest, WrittenPdfGivesTheCharactersDrawn) {
    if (!have_noto()) {
        GTEST_SKIP() << "Noto Sans CJK SC is not installed (scripts/setup installs it)";
    }
    const QString path = QString::fromStdString(gridmap::test::temp_file("layer.pdf"));
    QFile::remove(path);
    const QString drawn = QStringLiteral("网格覆盖图 楼栋长 户数 第一网格 船厂路");
    const QString error =
        write_pdf(path, {QSizeF(800, 300), QStringLiteral("测试"), QStringLiteral("Gridmap")},
                  [&](QPdfWriter& pdf, QPainter& p) {
                      p.setFont(map_font(24));
                      p.drawText(QPointF(20, 60), drawn);
                      pdf.newPage();
                      p.setFont(map_font(24, true));
                      p.drawText(QPointF(20, 60), QStringLiteral("长户一网"));
                  });
    ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    QProcess pdftotext;
    pdftotext.start(QStringLiteral("pdftotext"),
                    {QStringLiteral("-enc"), QStringLiteral("UTF-8"), path, QStringLiteral("-")});
    ASSERT_TRUE(pdftotext.waitForFinished(30000)) << "pdftotext (poppler-utils) did not run";
    const QString text = QString::fromUtf8(pdftotext.readAllStandardOutput());
    EXPECT_TRUE(text.contains(drawn)) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("长户一网"))) << text.toStdString();
    EXPECT_EQ(radicals_in(text), QString()) << text.toStdString();
    EXPECT_FALSE(text.contains(QChar(0x09)));
}

TEST(PdfTextLayerTest, UnwritablePathLeavesNoFileAndSaysWhy) {
    const QString error =
        write_pdf(QStringLiteral("/no/such/dir/x.pdf"), {QSizeF(100, 100), {}, {}},
                  [](QPdfWriter&, QPainter& p) { p.drawLine(0, 0, 10, 10); });
    EXPECT_EQ(error, QStringLiteral("cannot write"));
    EXPECT_FALSE(QFile::exists(QStringLiteral("/no/such/dir/x.pdf")));
}
