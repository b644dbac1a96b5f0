#include "pdf.hpp"

#include "map_renderer.hpp"

#include <QBuffer>
#include <QMarginsF>
#include <QPageSize>
#include <QRawFont>
#include <QSaveFile>

#include <map>
#include <string>
#include <vector>

namespace gridmap::render {

namespace {

/// Code points that Qt may write in place of a character with the same glyph, and that a text
/// layer should never hold for the text the project draws: C0 controls, the figure dash, CJK
/// radicals (supplement and Kangxi), Hangzhou numerals, CJK strokes.
bool shunned(char32_t c) {
    return c < 0x20 || c == 0x2012 || (c >= 0x2E80 && c <= 0x2FDF) ||
           (c >= 0x3038 && c <= 0x303A) || (c >= 0x31C0 && c <= 0x31EF);
}

// ---- CMap parsing -----------------------------------------------------------------------------

struct Token {
    enum Kind { hex, open_array, close_array, other } kind = other;
    QByteArray text;  ///< the bytes of a hex string, else the token as written
    qsizetype at = 0; ///< offset of the token in the CMap
};

/// The tokens of a CMap: hex strings decoded, arrays' brackets, everything else as words
/// (dictionaries, names, numbers, literal strings are skipped as words; only the bf sections
/// and codespace ranges matter).
std::vector<Token> tokenize(const QByteArray& s) {
    std::vector<Token> out;
    const qsizetype n = s.size();
    qsizetype i = 0;
    auto is_space = [](char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
    };
    auto is_delim = [](char c) {
        return c == '<' || c == '>' || c == '[' || c == ']' || c == '(' || c == ')' || c == '{' ||
               c == '}' || c == '/' || c == '%';
    };
    while (i < n) {
        const char c = s[i];
        if (is_space(c)) {
            ++i;
        } else if (c == '%') {
            while (i < n && s[i] != '\n' && s[i] != '\r') {
                ++i;
            }
        } else if (c == '<' && i + 1 < n && s[i + 1] == '<') {
            out.push_back({Token::other, "<<", i});
            i += 2;
        } else if (c == '>' && i + 1 < n && s[i + 1] == '>') {
            out.push_back({Token::other, ">>", i});
            i += 2;
        } else if (c == '<') {
            const qsizetype start = i;
            QByteArray digits;
            ++i;
            while (i < n && s[i] != '>') {
                if (!is_space(s[i])) {
                    digits += s[i];
                }
                ++i;
            }
            ++i;
            if (digits.size() % 2 == 1) {
                digits += '0';
            }
            out.push_back({Token::hex, QByteArray::fromHex(digits), start});
        } else if (c == '[') {
            out.push_back({Token::open_array, "[", i++});
        } else if (c == ']') {
            out.push_back({Token::close_array, "]", i++});
        } else if (c == '(') {
            // A literal string, balanced parentheses and backslash escapes.
            const qsizetype start = i;
            int depth = 0;
            while (i < n) {
                if (s[i] == '\\') {
                    i += 2;
                    continue;
                }
                if (s[i] == '(') {
                    ++depth;
                } else if (s[i] == ')' && --depth == 0) {
                    ++i;
                    break;
                }
                ++i;
            }
            out.push_back({Token::other, s.mid(start, i - start), start});
        } else {
            const qsizetype start = i;
            ++i;
            while (i < n && !is_space(s[i]) && !is_delim(s[i])) {
                ++i;
            }
            out.push_back({Token::other, s.mid(start, i - start), start});
        }
    }
    return out;
}

std::u32string utf16be_to_utf32(const QByteArray& bytes) {
    std::u32string out;
    for (qsizetype i = 0; i + 1 < bytes.size(); i += 2) {
        const char32_t u =
            (static_cast<unsigned char>(bytes[i]) << 8) | static_cast<unsigned char>(bytes[i + 1]);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
            const char32_t lo = (static_cast<unsigned char>(bytes[i + 2]) << 8) |
                                static_cast<unsigned char>(bytes[i + 3]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                out += 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
                continue;
            }
        }
        out += u;
    }
    return out;
}

QByteArray utf32_to_utf16be(const std::u32string& text) {
    QByteArray out;
    auto unit = [&out](char32_t u) {
        out += static_cast<char>((u >> 8) & 0xFF);
        out += static_cast<char>(u & 0xFF);
    };
    for (char32_t c : text) {
        if (c >= 0x10000) {
            unit(0xD800 + ((c - 0x10000) >> 10));
            unit(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else {
            unit(c);
        }
    }
    return out;
}

/// The source code bytes `code` plus k (big-endian, carrying), as PDF ranges count.
QByteArray plus(QByteArray code, unsigned k) {
    for (qsizetype i = code.size(); i-- > 0 && k > 0;) {
        const unsigned v = static_cast<unsigned char>(code[i]) + k;
        code[i] = static_cast<char>(v & 0xFF);
        k = v >> 8;
    }
    return code;
}

unsigned code_value(const QByteArray& code) {
    unsigned v = 0;
    for (char c : code) {
        v = (v << 8) | static_cast<unsigned char>(c);
    }
    return v;
}

/// Source codes ordered by length, then value.
struct CodeLess {
    bool operator()(const QByteArray& a, const QByteArray& b) const {
        return a.size() != b.size() ? a.size() < b.size() : code_value(a) < code_value(b);
    }
};

} // namespace

QHash<char32_t, char32_t> text_layer_twins(const QFont& font) {
    QHash<char32_t, char32_t> twins;
    const QRawFont raw = QRawFont::fromFont(font);
    if (!raw.isValid()) {
        return twins;
    }
    // Every BMP character but the surrogates, and its glyph.
    QList<QChar> chars;
    chars.reserve(0x10000 - 0x800);
    for (char32_t c = 0; c < 0x10000; ++c) {
        if (c < 0xD800 || c > 0xDFFF) {
            chars.push_back(QChar(static_cast<char16_t>(c)));
        }
    }
    QList<quint32> glyphs(chars.size());
    int count = static_cast<int>(glyphs.size());
    if (!raw.glyphIndexesForChars(chars.constData(), static_cast<int>(chars.size()), glyphs.data(),
                                  &count) ||
        count != chars.size()) {
        return twins;
    }
    // The lowest character that is not shunned, per glyph.
    QHash<quint32, char32_t> first;
    for (qsizetype i = 0; i < chars.size(); ++i) {
        const char32_t c = chars[i].unicode();
        if (glyphs[i] != 0 && !shunned(c) && !first.contains(glyphs[i])) {
            first.insert(glyphs[i], c);
        }
    }
    for (qsizetype i = 0; i < chars.size(); ++i) {
        const char32_t c = chars[i].unicode();
        if (c == 0 || glyphs[i] == 0 || !shunned(c)) {
            continue;
        }
        if (auto it = first.constFind(glyphs[i]); it != first.constEnd()) {
            twins.insert(c, *it);
        }
    }
    return twins;
}

const QHash<char32_t, char32_t>& map_font_twins() {
    static const QHash<char32_t, char32_t> twins = [] {
        QHash<char32_t, char32_t> all = text_layer_twins(map_font(12, true));
        // The regular face wins where the faces differ (they share one character map in Noto).
        const QHash<char32_t, char32_t> regular = text_layer_twins(map_font(12));
        for (auto it = regular.constBegin(); it != regular.constEnd(); ++it) {
            all.insert(it.key(), it.value());
        }
        return all;
    }();
    return twins;
}

std::optional<QByteArray> mend_to_unicode_cmap(const QByteArray& cmap,
                                               const QHash<char32_t, char32_t>& twins) {
    const std::vector<Token> tokens = tokenize(cmap);
    std::vector<std::pair<QByteArray, QByteArray>> codespace;
    std::map<QByteArray, QByteArray, CodeLess> map; // source code -> UTF-16BE
    qsizetype header_end = -1;
    const std::size_t n = tokens.size();
    auto is = [&](std::size_t i, const char* word) {
        return i < n && tokens[i].kind == Token::other && tokens[i].text == word;
    };
    auto hex = [&](std::size_t i) {
        return i < n && tokens[i].kind == Token::hex;
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (is(i, "begincodespacerange")) {
            if (header_end < 0) {
                // The header ends before the count that precedes the keyword.
                header_end =
                    i > 0 && tokens[i - 1].kind == Token::other ? tokens[i - 1].at : tokens[i].at;
            }
            for (++i; i + 1 < n && hex(i) && hex(i + 1); i += 2) {
                codespace.emplace_back(tokens[i].text, tokens[i + 1].text);
            }
        } else if (is(i, "beginbfchar")) {
            for (++i; i + 1 < n && hex(i); i += 2) {
                if (hex(i + 1)) {
                    map[tokens[i].text] = tokens[i + 1].text;
                }
            }
        } else if (is(i, "beginbfrange")) {
            ++i;
            while (i + 2 < n && hex(i) && hex(i + 1)) {
                const QByteArray& lo = tokens[i].text;
                const unsigned span = code_value(tokens[i + 1].text) - code_value(lo);
                if (code_value(tokens[i + 1].text) < code_value(lo) || span > 0xFFFF) {
                    return std::nullopt; // not a CMap this code understands: left as it is
                }
                if (hex(i + 2)) {
                    const QByteArray& dst = tokens[i + 2].text;
                    for (unsigned k = 0; k <= span; ++k) {
                        map[plus(lo, k)] = plus(dst, k);
                    }
                    i += 3;
                } else if (tokens[i + 2].kind == Token::open_array) {
                    std::size_t j = i + 3;
                    for (unsigned k = 0; j < n && tokens[j].kind != Token::close_array; ++j, ++k) {
                        if (hex(j) && k <= span) {
                            map[plus(lo, k)] = tokens[j].text;
                        }
                    }
                    i = j + 1;
                } else {
                    i += 3;
                }
            }
        }
    }
    bool changed = false;
    for (auto& [code, dst] : map) {
        std::u32string text = utf16be_to_utf32(dst);
        bool twin = false;
        for (char32_t& c : text) {
            if (auto it = twins.constFind(c); it != twins.constEnd()) {
                c = *it;
                twin = true;
            }
        }
        if (twin) {
            dst = utf32_to_utf16be(text);
            changed = true;
        }
    }
    if (!changed) {
        return std::nullopt;
    }
    QByteArray out;
    if (header_end > 0) {
        out = cmap.left(header_end);
    } else {
        out = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
              "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
              "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n";
    }
    if (codespace.empty()) {
        codespace.emplace_back(QByteArray(2, '\0'), QByteArray(2, '\xFF'));
    }
    out += QByteArray::number(static_cast<qsizetype>(codespace.size())) + " begincodespacerange\n";
    for (const auto& [lo, hi] : codespace) {
        out += '<' + lo.toHex().toUpper() + "> <" + hi.toHex().toUpper() + ">\n";
    }
    out += "endcodespacerange\n";
    // bfchar sections of at most 100 entries (the PDF limit).
    auto it = map.begin();
    while (it != map.end()) {
        QByteArray block;
        int k = 0;
        for (; it != map.end() && k < 100; ++it, ++k) {
            block +=
                '<' + it->first.toHex().toUpper() + "> <" + it->second.toHex().toUpper() + ">\n";
        }
        out += QByteArray::number(k) + " beginbfchar\n" + block + "endbfchar\n";
    }
    out += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return out;
}

QString write_pdf(const QString& path, const PdfSetup& setup,
                  const std::function<void(QPdfWriter& writer, QPainter& painter)>& draw) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter pdf(&buffer);
        pdf.setCreator(setup.creator);
        pdf.setTitle(setup.title);
        pdf.setResolution(96);
        pdf.setPageSize(
            QPageSize(setup.page_px * 0.75, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter p;
        if (!p.begin(&pdf)) {
            return QStringLiteral("cannot write");
        }
        // The device is W x H at 96 dpi; scale in case the driver rounded the page.
        p.scale(pdf.width() / setup.page_px.width(), pdf.height() / setup.page_px.height());
        draw(pdf, p);
        p.end();
    }
    if (buffer.data().isEmpty()) {
        return QStringLiteral("cannot write");
    }
    QByteArray mended;
    try {
        mended = mend_pdf_text_layer(buffer.data(), map_font_twins());
    } catch (const std::exception& e) {
        return QStringLiteral("cannot mend the text layer: %1").arg(QString::fromUtf8(e.what()));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(mended) != mended.size() || !file.commit()) {
        return QStringLiteral("cannot write");
    }
    return {};
}

} // namespace gridmap::render
