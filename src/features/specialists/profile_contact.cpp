#include "features/specialists/profile_contact.hpp"

#include "core/phone_number.hpp"

#include <algorithm>
#include <cctype>

namespace hearth::specialists {

namespace {

bool ascii_alnum(unsigned char c) { return std::isalnum(c) != 0 && c < 0x80; }

// A host name: labels of letters, digits and "-", joined by dots, at least
// one dot (so "localhost" or "intranet" are refused: visitors cannot reach them).
bool is_host(std::string_view host) {
    if (host.empty() || host.size() > 253 || host.find('.') == std::string_view::npos) return false;
    if (host.front() == '.' || host.back() == '.' || host.find("..") != std::string_view::npos) return false;
    return std::all_of(host.begin(), host.end(),
                       [](unsigned char c) { return ascii_alnum(c) || c == '.' || c == '-'; });
}

}  // namespace

bool is_web_address(std::string_view v) {
    std::string_view rest;
    if (v.starts_with("https://")) rest = v.substr(8);
    else if (v.starts_with("http://")) rest = v.substr(7);
    else return false;
    for (unsigned char c : rest) {
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`') {
            return false;
        }
    }
    const auto host_end = std::min(rest.find_first_of("/?#"), rest.size());
    auto authority = rest.substr(0, host_end);
    if (authority.find('@') != std::string_view::npos) return false;  // "https://bank.example@evil.example"
    if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        const auto port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](unsigned char c) {
                return std::isdigit(c) != 0;
            })) {
            return false;
        }
        authority = authority.substr(0, colon);
    }
    return is_host(authority);
}

bool is_public_email(std::string_view v) {
    const auto at = v.find('@');
    if (at == std::string_view::npos || at == 0 || v.find('@', at + 1) != std::string_view::npos) return false;
    const auto local = v.substr(0, at);
    const auto domain = v.substr(at + 1);
    const bool local_ok = std::all_of(local.begin(), local.end(), [](unsigned char c) {
        return ascii_alnum(c) || c == '.' || c == '_' || c == '+' || c == '-' || c == '\'';
    });
    return local_ok && is_host(domain);
}

boost::json::object contact_view(const ProfileFields& f) {
    boost::json::object o{{"has_contact", !f.website.empty() || !f.phone.empty() || !f.contact_email.empty()}};
    if (!f.website.empty()) {
        // What a person reads: the address without its scheme or a trailing slash.
        std::string_view label = f.website;
        label.remove_prefix(label.starts_with("https://") ? 8 : 7);
        if (label.ends_with('/')) label.remove_suffix(1);
        o["website"] = f.website;
        o["website_label"] = label;
    }
    if (!f.phone.empty()) {
        o["phone"] = f.phone;
        o["phone_href"] = tel_uri(f.phone);
    }
    if (!f.contact_email.empty()) {
        o["contact_email"] = f.contact_email;
        o["contact_mailto"] = "mailto:" + f.contact_email;
    }
    return o;
}

}  // namespace hearth::specialists
