#pragma once
// Machine-read XML documents (Atom feeds, sitemaps) written through
// libxml2's xmlTextWriter, so escaping and well-formedness are the
// library's job, never string concatenation.
#include <string>
#include <string_view>

namespace hearth::site {

class XmlWriter {
public:
    // Starts a UTF-8 document (<?xml version="1.0" encoding="UTF-8"?>).
    // Throws std::runtime_error when libxml2 cannot allocate a writer.
    XmlWriter();
    ~XmlWriter();
    XmlWriter(const XmlWriter&) = delete;
    XmlWriter& operator=(const XmlWriter&) = delete;

    void start(std::string_view element);
    // An attribute of the element just started (before any content).
    void attribute(std::string_view name, std::string_view value);
    // Character data, escaped by libxml2. Characters XML 1.0 forbids (C0
    // controls other than tab, line feed and carriage return) are dropped.
    void text(std::string_view value);
    // <element>value</element>
    void element(std::string_view element, std::string_view value);
    void end();
    // Closes every open element and returns the document's bytes. The
    // writer is spent afterwards. Every call throws std::runtime_error when
    // libxml2 reports a failure.
    std::string finish();

private:
    struct Impl;
    Impl* impl_;
};

}  // namespace hearth::site
