#include "features/site/xml_writer.hpp"

#include <libxml/xmlwriter.h>

#include <stdexcept>
#include <string>

namespace hearth::site {

struct XmlWriter::Impl {
    xmlBufferPtr buffer = nullptr;
    xmlTextWriterPtr writer = nullptr;
};

namespace {

// libxml2 takes NUL-terminated UTF-8 (xmlChar*): copy into a std::string.
const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

void check(int rc, const char* what) {
    if (rc < 0) throw std::runtime_error(std::string("xml writer: ") + what + " failed");
}

// XML 1.0 section 2.2: the only C0 controls allowed are tab, LF and CR.
std::string xml_chars(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') continue;
        out.push_back(c);
    }
    return out;
}

}  // namespace

XmlWriter::XmlWriter() : impl_(new Impl) {
    impl_->buffer = xmlBufferCreate();
    if (impl_->buffer) impl_->writer = xmlNewTextWriterMemory(impl_->buffer, 0);
    if (!impl_->writer) {
        if (impl_->buffer) xmlBufferFree(impl_->buffer);
        delete impl_;
        throw std::runtime_error("xml writer: out of memory");
    }
    check(xmlTextWriterStartDocument(impl_->writer, "1.0", "UTF-8", nullptr), "start document");
}

XmlWriter::~XmlWriter() {
    if (impl_->writer) xmlFreeTextWriter(impl_->writer);
    if (impl_->buffer) xmlBufferFree(impl_->buffer);
    delete impl_;
}

void XmlWriter::start(std::string_view element) {
    check(xmlTextWriterStartElement(impl_->writer, x(std::string(element))), "start element");
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
    check(xmlTextWriterWriteAttribute(impl_->writer, x(std::string(name)), x(xml_chars(value))), "attribute");
}

void XmlWriter::text(std::string_view value) {
    check(xmlTextWriterWriteString(impl_->writer, x(xml_chars(value))), "text");
}

void XmlWriter::element(std::string_view element, std::string_view value) {
    start(element);
    text(value);
    end();
}

void XmlWriter::end() { check(xmlTextWriterEndElement(impl_->writer), "end element"); }

std::string XmlWriter::finish() {
    check(xmlTextWriterEndDocument(impl_->writer), "end document");
    // Frees the writer first: that flushes what it still holds into the buffer.
    xmlFreeTextWriter(impl_->writer);
    impl_->writer = nullptr;
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(impl_->buffer)),
                       static_cast<std::size_t>(xmlBufferLength(impl_->buffer)));
}

}  // namespace hearth::site
