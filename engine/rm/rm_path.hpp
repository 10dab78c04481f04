// engine/rm/rm_path.hpp
//
// PathBuilder: the instance path of the value a reader or walker is at, in the form
// used by every error message: /content[2]/data/events[1]/time/value (attribute names;
// 1-based indices on items of multiple-valued attributes). Cheap to push/pop; the
// string is built only when an error is reported.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kjerne::rm {

class PathBuilder {
public:
    void Push(std::string_view attr) { segs_.push_back({attr, 0}); }
    void Pop() { segs_.pop_back(); }
    // Index (1-based) of the current list item on the innermost segment; 0 = none.
    void SetIndex(size_t index) { if (!segs_.empty()) segs_.back().index = index; }
    size_t depth() const { return segs_.size(); }

    std::string str() const {
        if (segs_.empty()) return "/";
        std::string out;
        for (const auto& s : segs_) {
            out += '/';
            out.append(s.attr);
            if (s.index) {
                out += '[';
                out += std::to_string(s.index);
                out += ']';
            }
        }
        return out;
    }

    struct Seg {
        std::string_view attr;  // points into the schema (stable) or the input buffer
        size_t index;
    };
    const std::vector<Seg>& segments() const { return segs_; }

private:
    std::vector<Seg> segs_;
};

}  // namespace kjerne::rm
