#pragma once
// A service's answer to a command: the value it made, or a refusal the
// caller expects and shows the person (the slot was just taken, the time
// has passed). Refusals are values, not exceptions: a handler maps each one
// to a page or a status without matching strings. Errors that end the
// request for everyone alike (404, 403, 429) stay hearth::Error.
//
// Refusal is a feature's own type, usually a struct holding an enum code
// (slot_taken, not_available) plus what the person needs (a field, other
// slots to offer).
#include <utility>
#include <variant>

namespace hearth {

template <class T, class Refusal>
class [[nodiscard]] Outcome {
public:
    Outcome(T value) : v_(std::in_place_index<0>, std::move(value)) {}           // NOLINT: implicit by design
    Outcome(Refusal refusal) : v_(std::in_place_index<1>, std::move(refusal)) {}  // NOLINT: implicit by design

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    // The value; only when ok().
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }

    // The refusal; only when !ok().
    const Refusal& refusal() const& { return std::get<1>(v_); }

private:
    std::variant<T, Refusal> v_;
};

}  // namespace hearth
