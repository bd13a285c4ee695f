// Templates: every *.mustache under a directory, parsed once at start-up.
//
// kainjow/mustache is included here only: it is a heavy header, and nothing
// outside this file needs to know which Mustache engine renders the pages.
//
// Partials. kainjow resolves `{{> name}}` at render time by looking the name
// up in the *data* and re-parsing the partial's text on every render. We
// avoid both costs: at load time every `{{> name}}` tag is replaced by the
// source of the template `name` (recursively, with cycle detection), and the
// expanded text is parsed once. An unknown partial is a start-up error that
// names the file, not a silent blank in a page.
//
// Thread safety. kainjow's render() is a non-const member. Reading the header
// (4.1): rendering walks the component tree through non-const references but
// does not change it; it does write the object's error_message_ when a partial
// or a lambda fails, and once that is set every later render of that object
// returns nothing. Our data never holds lambdas and partials are inlined, so
// that path should be unreachable, but "should" is not a thread-safety
// argument. So the parsed originals are never rendered: each thread renders
// its own copy (made lazily, once per template per thread, from the shared
// read-only original), kept in a thread_local cache keyed by the Templates
// instance. No lock is taken on the render path. If a render ever does
// fail, that thread's copy is thrown away and replaced by a fresh one.
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "render/view.hpp"

namespace hearth::render {

namespace km = kainjow::mustache;

namespace {

struct Parsed {
    std::string name;
    std::string file;      // for error messages
    km::mustache tmpl;
};

// The read-only state shared by all threads.
struct Shared {
    std::vector<Parsed> templates;
    std::map<std::string, std::size_t, std::less<>> index;
};

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read template " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// Replaces each {{> name}} by the source of `name`, recursively.
std::string expand_partials(const std::string& name, const std::map<std::string, std::string>& sources,
                            const std::map<std::string, std::string>& files, std::vector<std::string>& stack) {
    if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
        std::string chain;
        for (const auto& s : stack) chain += s + " -> ";
        throw std::runtime_error("template " + files.at(stack.front()) + ": partial cycle " + chain + name);
    }
    const std::string& src = sources.at(name);
    stack.push_back(name);
    std::string out;
    out.reserve(src.size());
    std::size_t pos = 0;
    while (true) {
        const auto open = src.find("{{>", pos);
        if (open == std::string::npos) break;
        const auto close = src.find("}}", open + 3);
        if (close == std::string::npos) break;  // the parser reports the unclosed tag
        out.append(src, pos, open - pos);
        const std::string partial = trim(std::string_view(src).substr(open + 3, close - open - 3));
        if (!sources.count(partial)) {
            throw std::runtime_error("template " + files.at(name) + ": unknown partial \"" + partial + "\"");
        }
        std::string inner = expand_partials(partial, sources, files, stack);
        // A partial file's final newline is the file's, not the content's.
        if (!inner.empty() && inner.back() == '\n') inner.pop_back();
        out += inner;
        pos = close + 2;
    }
    out.append(src, pos, std::string::npos);
    stack.pop_back();
    return out;
}

std::string number_string(double d) {
    std::array<char, 64> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d);
    if (ec != std::errc{}) return {};
    return std::string(buf.data(), end);
}

km::data to_data(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::object: {
            km::data obj{km::data::type::object};
            const auto& o = v.get_object();
            for (const auto& kv : o) {
                obj[std::string(kv.key())] = to_data(kv.value());
                // Mustache cannot ask "is this list empty?" without looping
                // over it, so a non-empty list `x` also sets `has_x` (unless
                // the object has its own), for a heading or wrapper shown once.
                if (kv.value().is_array() && !kv.value().get_array().empty()) {
                    std::string flag = "has_" + std::string(kv.key());
                    if (!o.contains(flag)) obj[flag] = km::data{true};
                }
            }
            return obj;
        }
        case boost::json::kind::array: {
            // kainjow's push_back copies its argument, and its list (a
            // std::vector) copies every item again whenever it grows, since
            // the item's move constructor is not noexcept: a list of 20
            // cards was deep-copied about six times, half the cost of a
            // directory page. So the vector is reserved and the items moved
            // in. (`list` is our own non-const object: writing through the
            // reference list_value() returns is well defined.)
            const auto& items = v.get_array();
            km::data list{km::data::type::list};
            auto& vector = const_cast<km::list&>(list.list_value());
            vector.reserve(items.size());
            for (const auto& item : items) vector.push_back(to_data(item));
            return list;
        }
        case boost::json::kind::string: {
            const auto& s = v.get_string();
            // An empty string is "nothing to show": falsy in sections, so
            // {{#errors.email}} works whether a handler omits or blanks it.
            if (s.empty()) return km::data{false};
            return km::data{std::string(s)};
        }
        case boost::json::kind::bool_:
            return km::data{v.get_bool()};
        case boost::json::kind::int64:
            return km::data{std::to_string(v.get_int64())};
        case boost::json::kind::uint64:
            return km::data{std::to_string(v.get_uint64())};
        case boost::json::kind::double_:
            return km::data{number_string(v.get_double())};
        case boost::json::kind::null:
            break;
    }
    return km::data{false};
}

// Per-thread copies of the parsed templates of each live Templates instance.
struct ThreadCopies {
    const Shared* key = nullptr;
    std::weak_ptr<const Shared> alive;   // expired once the Templates is gone
    std::vector<std::unique_ptr<km::mustache>> copies;
};

std::vector<std::unique_ptr<km::mustache>>& thread_copies(const std::shared_ptr<const Shared>& shared) {
    thread_local std::vector<ThreadCopies> cache;
    // Forget instances that were destroyed (their key may be reused).
    std::erase_if(cache, [](const ThreadCopies& c) { return c.alive.expired(); });
    for (auto& c : cache) {
        if (c.key == shared.get()) return c.copies;
    }
    ThreadCopies entry;
    entry.key = shared.get();
    entry.alive = shared;
    entry.copies.resize(shared->templates.size());
    cache.push_back(std::move(entry));
    return cache.back().copies;
}

}  // namespace

struct Templates::Impl {
    std::shared_ptr<const Shared> shared;
};

Templates::Templates(const std::filesystem::path& dir) : impl_(std::make_unique<Impl>()) {
    namespace fs = std::filesystem;
    if (!fs::is_directory(dir)) throw std::runtime_error("template directory not found: " + dir.string());

    std::map<std::string, std::string> sources;  // name -> text
    std::map<std::string, std::string> files;    // name -> path, for messages
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
        auto rel = fs::relative(entry.path(), dir);
        rel.replace_extension();
        const std::string name = rel.generic_string();
        sources[name] = read_file(entry.path());
        files[name] = entry.path().string();
    }

    auto shared = std::make_shared<Shared>();
    shared->templates.reserve(sources.size());
    for (const auto& [name, src] : sources) {
        // Parse the file on its own first, so a syntax error names the file
        // that has it rather than every template that includes it.
        km::mustache own{src};
        if (!own.is_valid()) {
            throw std::runtime_error("template " + files[name] + ": " + own.error_message());
        }
        std::vector<std::string> stack;
        const std::string expanded = expand_partials(name, sources, files, stack);
        km::mustache tmpl{expanded};
        if (!tmpl.is_valid()) {
            throw std::runtime_error("template " + files[name] + " (with its partials): " + tmpl.error_message());
        }
        // E-mail bodies are plain text: a name like O'Brien must not arrive
        // as O&#39;Brien. Only templates under emails/ are unescaped.
        if (name.starts_with("emails/")) tmpl.set_custom_escape([](const std::string& text) { return text; });
        shared->index.emplace(name, shared->templates.size());
        shared->templates.push_back(Parsed{name, files[name], std::move(tmpl)});
    }
    impl_->shared = std::move(shared);
}

Templates::~Templates() = default;

bool Templates::has(std::string_view name) const {
    return impl_->shared->index.find(name) != impl_->shared->index.end();
}

std::string Templates::render(std::string_view name, const boost::json::value& data) const {
    const auto& shared = impl_->shared;
    const auto it = shared->index.find(name);
    if (it == shared->index.end()) {
        throw std::out_of_range("unknown template: " + std::string(name));
    }
    const std::size_t i = it->second;
    auto& copies = thread_copies(shared);
    if (!copies[i]) copies[i] = std::make_unique<km::mustache>(shared->templates[i].tmpl);

    const km::data d = to_data(data);
    std::string out = copies[i]->render(d);
    if (!copies[i]->is_valid()) {
        const std::string message = copies[i]->error_message();
        copies[i].reset();  // a failed render poisons the object; start afresh next time
        throw std::runtime_error("rendering " + shared->templates[i].file + ": " + message);
    }
    return out;
}

}  // namespace hearth::render
