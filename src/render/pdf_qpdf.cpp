// The one use of qpdf: rewriting the ToUnicode CMaps of a whole PDF (pdf.hpp).
//
// A translation unit of its own: qpdf 11's JSON.hh (included by QPDFObjectHandle.hh) holds a
// std::vector of its own incomplete type, which clang 14 with libstdc++ 12 refuses in C++20
// (the vector's destructor is constexpr there). This file needs nothing of C++20, so
// src/render/CMakeLists.txt compiles it as C++17 under clang (the sanitized and fuzzing tree).

#include "pdf.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjGen.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFWriter.hh>

#include <memory>
#include <set>

namespace gridmap::render {

QByteArray mend_pdf_text_layer(const QByteArray& pdf, const QHash<char32_t, char32_t>& twins) {
    QPDF doc;
    doc.setSuppressWarnings(true);
    doc.processMemoryFile("pdf", pdf.constData(), static_cast<std::size_t>(pdf.size()));
    std::set<QPDFObjGen> seen;
    bool changed = false;
    for (QPDFObjectHandle object : doc.getAllObjects()) {
        if (!object.isDictionary() || !object.hasKey("/ToUnicode")) {
            continue;
        }
        QPDFObjectHandle cmap = object.getKey("/ToUnicode");
        if (!cmap.isStream() || !seen.insert(cmap.getObjGen()).second) {
            continue;
        }
        const std::shared_ptr<Buffer> data = cmap.getStreamData(qpdf_dl_generalized);
        const QByteArray text(reinterpret_cast<const char*>(data->getBuffer()),
                              static_cast<qsizetype>(data->getSize()));
        if (auto mended = mend_to_unicode_cmap(text, twins)) {
            cmap.replaceStreamData(mended->toStdString(), QPDFObjectHandle::newNull(),
                                   QPDFObjectHandle::newNull());
            changed = true;
        }
    }
    if (!changed) {
        return pdf;
    }
    QPDFWriter writer(doc);
    writer.setOutputMemory();
    writer.setCompressStreams(true);
    writer.setDecodeLevel(qpdf_dl_none); // the other streams are copied as Qt wrote them
    writer.setDeterministicID(true);
    writer.write();
    const std::shared_ptr<Buffer> out = writer.getBufferSharedPointer();
    return {reinterpret_cast<const char*>(out->getBuffer()),
            static_cast<qsizetype>(out->getSize())};
}

} // namespace gridmap::render
