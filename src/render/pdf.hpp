#pragma once

// Every PDF the project writes (`gridmap render`, the monthly report, the desktop's exports)
// goes through write_pdf: QPdfWriter draws the pages, then the text layer is mended with qpdf.
//
// Why: Qt 6.4 writes each embedded font's ToUnicode CMap by giving every glyph the LOWEST code
// point that the font maps to it. Noto Sans CJK maps a Kangxi radical or a CJK radical
// supplement code point and the ideograph to one glyph, and the radical code point is lower,
// so 网 is extracted, copied and searched as ⽹ U+2F79, 长 as ⻓ U+2ED3, 户 as ⼾ U+2F3E (and the
// space as U+0009). Unicode's own equivalence would not do either: it gives 戶 U+6236 for ⼾,
// while the glyph drawn is the simplified 户 U+6237. So the mapping is read from the font that
// drew the text: a code point takes the ideograph (or, for a control character, the printable
// character) that the font draws with the same glyph.

#include <QByteArray>
#include <QFont>
#include <QHash>
#include <QPainter>
#include <QPdfWriter>
#include <QSizeF>
#include <QString>

#include <functional>
#include <optional>

namespace gridmap::render {

/// The twin of a code point in `font`: for a code point that Qt would write into a text layer
/// in place of a character drawn with the same glyph (a C0 control character, a CJK radical,
/// stroke or Hangzhou numeral), the character it stands for: the lowest CJK unified ideograph
/// (U+3400-U+9FFF), or printable ASCII character, with the same glyph. Code points without a
/// twin are left out.
QHash<char32_t, char32_t> text_layer_twins(const QFont& font);

/// The twins of the fonts the project draws with (map_font), computed once.
const QHash<char32_t, char32_t>& map_font_twins();

/// A ToUnicode CMap (bfchar and bfrange, as in the PDF standard) with every destination code
/// point replaced by its twin; nullopt when no destination has one (nothing to change). The
/// result holds the original codespace ranges and one bfchar entry per source code.
std::optional<QByteArray> mend_to_unicode_cmap(const QByteArray& cmap,
                                               const QHash<char32_t, char32_t>& twins);

/// A whole PDF file with the ToUnicode CMap of every font mended (mend_to_unicode_cmap).
/// Throws std::exception when qpdf cannot read or write it.
QByteArray mend_pdf_text_layer(const QByteArray& pdf, const QHash<char32_t, char32_t>& twins);

/// The pages of a PDF export.
struct PdfSetup {
    QSizeF page_px;  ///< the page in pixels at 96 dpi (1 px = 0.75 pt)
    QString title;   ///< the document title
    QString creator; ///< "Gridmap 0.1.0"
};

/// Writes a PDF of pages of `setup.page_px`: `draw` paints them on a painter whose unit is one
/// page pixel and calls `writer.newPage()` between pages. The text layer is then mended
/// (mend_pdf_text_layer with map_font_twins) and the file written in one go, so a failure
/// leaves no file. Exceptions of `draw` pass through. Returns "" or what went wrong.
QString write_pdf(const QString& path, const PdfSetup& setup,
                  const std::function<void(QPdfWriter& writer, QPainter& painter)>& draw);

} // namespace gridmap::render
