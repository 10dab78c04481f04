// archetypes/adl/parser.hpp
//
// Internal to archetypes/adl: the recursive-descent parser shared by the ODIN, cADL and
// rules parts (each in its own .cpp). Syntax errors are thrown as SyntaxError and caught by
// ParseAdl (adl_parser.cpp); nothing here is called from outside this folder.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "archetypes/adl/adl_parser.hpp"
#include "archetypes/adl/scanner.hpp"
#include "archetypes/aom/archetype.hpp"

namespace kjerne::archetypes::adl {

inline constexpr int kMaxDepth = 256;

class Parser {
public:
    Parser(std::string_view text, bool adl2_hint) : s_(text), adl2_(adl2_hint) {}
    ParsedAdl ParseFile();

    // ODIN (odin_parser.cpp)
    // Attribute list `name = <...>` … at section level: stops at anything that is not `ident =`.
    aom::OdinValue ParseOdinAttrList();
    // `(TYPE)? < ... >`
    aom::OdinValue ParseOdinValueBlock();

    // cADL (cadl_parser.cpp)
    std::unique_ptr<aom::CObject> ParseCObject(const std::string& parent_path, std::string_view attr_name);
    std::unique_ptr<aom::CObject> ParsePrimitiveObject();
    bool AtPrimitiveStart();
    aom::MultiplicityInterval ParseMultiplicityBody();

    // rules (rules_parser.cpp)
    aom::Expr ParseStatement();
    aom::Expr ParseExpr(int min_prec);
    bool AtSectionKeyword();

    Scanner& scanner() { return s_; }

private:
    friend struct DepthGuard;
    std::unique_ptr<aom::Archetype> ParseArtefact();
    void ParseHeaderMeta(aom::Archetype& a);
    void ReadTerminology(aom::Archetype& a);
    void ParseObjectBody(aom::CObject& obj);
    void ParseAttribute(aom::CObject& obj);
    void ParseTuple(aom::CObject& obj);
    void ParseAttributeChildren(aom::CAttribute& attr, aom::CObject& owner);
    void ParseSlotBody(aom::CObject& obj);
    // `typed_odin`: written `(C_DV_QUANTITY) <…>`, a typed dADL object, which may not be empty
    std::unique_ptr<aom::CObject> ParseDomainType(std::string_view type_name, size_t start, bool typed_odin);
    std::unique_ptr<aom::CObject> ParseCodePhrase(size_t start);
    std::unique_ptr<aom::CObject> ParseOrdinals(size_t start);
    aom::Expr ParsePrimary();
    aom::OdinAtom ParseOdinAtom();
    void Enter();
    void Leave() { --depth_; }
    void SetPos(aom::CObject& o, size_t off) { s_.LineCol(off, o.line, o.col); }

    Scanner s_;
    bool adl2_;
    int depth_ = 0;
};

struct DepthGuard {
    explicit DepthGuard(Parser& p) : p_(p) { p_.Enter(); }
    ~DepthGuard() { p_.Leave(); }
    Parser& p_;
};

// Helpers shared by the parts.
std::string_view Trim(std::string_view s);
// Interval text without the bars ("0.0..<1000.0", ">=0", "5"); false when malformed.
bool ParseRealInterval(std::string_view text, aom::Interval<double>& out);
bool ParseIntInterval(std::string_view text, aom::Interval<long long>& out);
bool ParseStringInterval(std::string_view text, aom::Interval<std::string>& out);

// What a parse entry point returns for a thrown SyntaxError: a Parse error with its code
// (ADL_SYNTAX unless the rule names one) at file:line:col of the offset.
Error SyntaxErrorToError(const SyntaxError& e, const Scanner& scanner, std::string_view file);

}  // namespace kjerne::archetypes::adl
