#include "core/phone_number.hpp"

namespace hearth {

bool is_phone_number(std::string_view text) {
    std::size_t digits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (c == '+') {
            if (i != 0) return false;
        } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
            return false;
        }
    }
    return digits >= 5 && digits <= 15;
}

std::string tel_uri(std::string_view phone) {
    std::string out = "tel:";
    for (char c : phone) {
        if ((c >= '0' && c <= '9') || c == '+') out.push_back(c);
    }
    return out;
}

}  // namespace hearth
