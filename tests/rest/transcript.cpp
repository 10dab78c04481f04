// tests/rest/transcript.cpp — see transcript.hpp.
#include "tests/rest/transcript.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <istream>
#include <sstream>
#include <stdexcept>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

namespace kjerne::test::rest {
namespace {

std::string Trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

[[noreturn]] void Fail(const std::filesystem::path& file, int line, const std::string& what) {
    throw std::runtime_error(file.filename().string() + ":" + std::to_string(line) + ": " + what);
}

// Splits off the first whitespace-separated word of `s`.
std::string NextWord(std::string& s) {
    s = Trim(s);
    size_t sp = s.find_first_of(" \t");
    std::string word = s.substr(0, sp);
    s = sp == std::string::npos ? "" : Trim(s.substr(sp));
    return word;
}

// Evaluates "$.a.b[2].c" on a parsed JSON value; false when a step is missing.
bool JsonPath(const Poco::Dynamic::Var& root, const std::string& path, Poco::Dynamic::Var& out) {
    if (path.empty() || path[0] != '$') return false;
    Poco::Dynamic::Var cur = root;
    size_t i = 1;
    while (i < path.size()) {
        if (path[i] == '.') {
            size_t j = path.find_first_of(".[", i + 1);
            std::string key =
                path.substr(i + 1, j == std::string::npos ? std::string::npos : j - i - 1);
            if (cur.type() != typeid(Poco::JSON::Object::Ptr)) return false;
            auto obj = cur.extract<Poco::JSON::Object::Ptr>();
            if (!obj->has(key)) return false;
            cur = obj->get(key);
            i = j == std::string::npos ? path.size() : j;
        } else if (path[i] == '[') {
            size_t j = path.find(']', i);
            if (j == std::string::npos) return false;
            size_t index = std::stoul(path.substr(i + 1, j - i - 1));
            if (cur.type() != typeid(Poco::JSON::Array::Ptr)) return false;
            auto arr = cur.extract<Poco::JSON::Array::Ptr>();
            if (index >= arr->size()) return false;
            cur = arr->get(static_cast<unsigned>(index));
            i = j + 1;
        } else {
            return false;
        }
    }
    out = cur;
    return true;
}

std::string Scalar(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) return "null";
    if (v.type() == typeid(Poco::JSON::Object::Ptr) || v.type() == typeid(Poco::JSON::Array::Ptr)) {
        std::ostringstream out;
        Poco::JSON::Stringifier::stringify(v, out);
        return out.str();
    }
    return v.convert<std::string>();
}

std::string Unquote(std::string v) {
    if (v.rfind("W/", 0) == 0) v = v.substr(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return v;
}

}  // namespace

Transcript ParseTranscript(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    Transcript t;
    t.file = file;
    enum class State { kPreamble, kRequestLine, kHeaders, kBody, kExpect } state = State::kPreamble;
    std::string line;
    int n = 0;
    Exchange* cur = nullptr;
    std::vector<std::string> body_lines;
    auto finish_body = [&] {
        // Trailing blank lines separate the body from `HTTP`; they are not part of it.
        while (!body_lines.empty() && Trim(body_lines.back()).empty()) body_lines.pop_back();
        std::string body;
        for (size_t i = 0; i < body_lines.size(); ++i) body += (i ? "\n" : "") + body_lines[i];
        if (body.rfind("@corpus:", 0) == 0 && body_lines.size() == 1) {
            cur->corpus_file = Trim(body.substr(8));
        } else {
            cur->body = body;
        }
        body_lines.clear();
    };
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("###", 0) == 0 && cur != nullptr && state == State::kRequestLine &&
            cur->method.empty()) {
            cur->title += " " + Trim(line.substr(3));  // a title continued on the next line
            continue;
        }
        if (line.rfind("###", 0) == 0) {
            if (cur != nullptr && state != State::kExpect)
                Fail(file, n, "previous exchange has no HTTP line");
            t.exchanges.emplace_back();
            cur = &t.exchanges.back();
            cur->line = n;
            cur->title = Trim(line.substr(3));
            state = State::kRequestLine;
            continue;
        }
        switch (state) {
            case State::kPreamble: {
                std::string rest = Trim(line);
                if (rest.empty() || rest[0] == '#') break;
                if (NextWord(rest) != "@option") Fail(file, n, "expected @option or ###");
                std::string name = NextWord(rest);
                t.options[name] = rest;
                break;
            }
            case State::kRequestLine: {
                std::string rest = Trim(line);
                if (rest.empty() || rest[0] == '#') break;
                cur->method = NextWord(rest);
                cur->target = NextWord(rest);
                if (cur->target.empty()) Fail(file, n, "expected METHOD target");
                state = State::kHeaders;
                break;
            }
            case State::kHeaders: {
                if (Trim(line).empty()) {
                    state = State::kBody;
                    break;
                }
                if (line.rfind("HTTP ", 0) == 0) {
                    cur->expected_status = std::stoi(line.substr(5));
                    state = State::kExpect;
                    break;
                }
                size_t colon = line.find(':');
                if (colon == std::string::npos) Fail(file, n, "expected 'Header: value'");
                cur->headers.emplace_back(Trim(line.substr(0, colon)),
                                          Trim(line.substr(colon + 1)));
                break;
            }
            case State::kBody: {
                if (line.rfind("HTTP ", 0) == 0) {
                    finish_body();
                    cur->expected_status = std::stoi(line.substr(5));
                    state = State::kExpect;
                    break;
                }
                body_lines.push_back(line);
                break;
            }
            case State::kExpect: {
                std::string rest = Trim(line);
                if (rest.empty() || rest[0] == '#') break;
                cur->expectations.push_back({n, rest});
                break;
            }
        }
    }
    if (cur != nullptr && state != State::kExpect) Fail(file, n, "last exchange has no HTTP line");
    if (t.exchanges.empty()) Fail(file, n, "no exchanges");
    return t;
}

Response Send(uint16_t port, const std::string& method, const std::string& target,
              const std::vector<std::pair<std::string, std::string>>& headers,
              const std::string& body) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == "POST" || method == "PUT") {
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    std::ostream& out = session.sendRequest(request);
    out << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Response r;
    r.status = static_cast<int>(response.getStatus());
    // Repeated fields (one Warning per finding) are joined with ", " as RFC 9110 §5.3 allows,
    // so a matcher sees all of them, not just the last.
    for (const auto& [name, value] : response) {
        std::string& joined = r.headers[Lower(name)];
        joined += (joined.empty() ? "" : ", ") + value;
    }
    Poco::StreamCopier::copyToString(in, r.body);
    return r;
}

std::string Substitute(const std::string& text, const std::map<std::string, std::string>& vars) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        size_t open = text.find("{{", i);
        if (open == std::string::npos) {
            out += text.substr(i);
            break;
        }
        size_t close = text.find("}}", open);
        if (close == std::string::npos) throw std::runtime_error("unclosed {{ in '" + text + "'");
        out += text.substr(i, open - i);
        std::string name = text.substr(open + 2, close - open - 2);
        auto it = vars.find(name);
        if (it == vars.end()) throw std::runtime_error("unknown variable {{" + name + "}}");
        out += it->second;
        i = close + 2;
    }
    return out;
}

std::string Check(const std::string& expectation, const Response& response,
                  std::map<std::string, std::string>& vars) {
    std::string rest = expectation;
    const std::string kind = NextWord(rest);
    auto json = [&](Poco::Dynamic::Var& root) -> std::string {
        try {
            Poco::JSON::Parser parser;
            root = parser.parse(response.body);
            return "";
        } catch (const Poco::Exception& e) {
            return "body is not JSON (" + e.displayText() + "): " + response.body.substr(0, 200);
        }
    };
    if (kind == "capture") {
        const std::string var = NextWord(rest);
        if (NextWord(rest) != "=")
            return "capture syntax: capture <var> = header <Name> | json <path>";
        // "... | object-id" keeps the part before "::" (a version uid's versioned object id).
        bool object_id = false;
        if (size_t bar = rest.rfind("| object-id"); bar != std::string::npos) {
            object_id = true;
            rest = Trim(rest.substr(0, bar));
        }
        const std::string source = NextWord(rest);
        std::string error = [&]() -> std::string {
            if (source == "header") {
                auto it = response.headers.find(Lower(NextWord(rest)));
                if (it == response.headers.end()) return "no header to capture";
                vars[var] = Unquote(it->second);
            } else if (source == "json") {
                Poco::Dynamic::Var root, value;
                if (std::string e = json(root); !e.empty()) return e;
                const std::string path = NextWord(rest);
                if (!JsonPath(root, path, value)) return "no " + path + " to capture";
                vars[var] = Scalar(value);
            } else if (source == "location-tail") {
                auto it = response.headers.find("location");
                if (it == response.headers.end()) return "no Location to capture";
                vars[var] = it->second.substr(it->second.rfind('/') + 1);
            } else {
                return "unknown capture source '" + source + "'";
            }
            return "";
        }();
        if (error.empty() && object_id) vars[var] = vars[var].substr(0, vars[var].find("::"));
        return error;
    }
    if (kind == "header") {
        const std::string name = NextWord(rest);
        const std::string op = NextWord(rest);
        const std::string want = Substitute(rest, vars);
        auto it = response.headers.find(Lower(name));
        if (op == "absent")
            return it == response.headers.end() ? "" : "header " + name + " is present";
        if (it == response.headers.end()) return "no header " + name;
        if (op == "exists") return "";
        if (op == "==") return it->second == want ? "" : name + " is '" + it->second + "'";
        if (op == "contains") {
            return it->second.find(want) != std::string::npos ? ""
                                                              : name + " is '" + it->second + "'";
        }
        return "unknown header operator '" + op + "'";
    }
    if (kind == "json") {
        Poco::Dynamic::Var root, value;
        if (std::string e = json(root); !e.empty()) return e;
        const std::string path = NextWord(rest);
        const std::string op = NextWord(rest);
        const std::string want = Substitute(rest, vars);
        const bool found = JsonPath(root, path, value);
        if (op == "absent") return found ? path + " is present" : "";
        if (!found) return "no " + path + " in " + response.body.substr(0, 300);
        if (op == "exists") return "";
        const std::string got = Scalar(value);
        if (op == "==") return got == want ? "" : path + " is '" + got + "'";
        if (op == "contains")
            return got.find(want) != std::string::npos ? "" : path + " is '" + got + "'";
        if (op == "count") {
            if (value.type() != typeid(Poco::JSON::Array::Ptr)) return path + " is not an array";
            size_t size = value.extract<Poco::JSON::Array::Ptr>()->size();
            return std::to_string(size) == want ? ""
                                                : path + " has " + std::to_string(size) + " items";
        }
        return "unknown json operator '" + op + "'";
    }
    if (kind == "body") {
        const std::string op = NextWord(rest);
        const std::string want = Substitute(rest, vars);
        if (op == "empty")
            return response.body.empty() ? ""
                                         : "body is not empty: " + response.body.substr(0, 200);
        if (op == "contains") {
            return response.body.find(want) != std::string::npos
                       ? ""
                       : "body lacks '" + want + "': " + response.body.substr(0, 300);
        }
        if (op == "lacks") {
            return response.body.find(want) == std::string::npos ? ""
                                                                 : "body contains '" + want + "'";
        }
        return "unknown body operator '" + op + "'";
    }
    return "unknown expectation '" + kind + "'";
}

}  // namespace kjerne::test::rest
