// aql/parser/ast.hpp
//
// The AQL 1.1 abstract syntax tree, shaped like the grammar of the specification
// (../shared/corpus/aql/grammar/specifications-QUERY/AqlParser.g4): SELECT columns, the
// FROM containment expression, WHERE, ORDER BY, LIMIT/OFFSET, TOP. Nodes own their
// children (unique_ptr / vectors); every node that a later stage may report on carries
// its source position. Plain data: the binder and planner read it, nothing mutates it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kjerne::aql {

struct Pos {
    uint32_t line = 0, col = 0;  // 1-based
};

// A literal value. Quoted text that is an ISO 8601 date, time or date-time is typed so
// (the grammar's DATE/TIME/DATETIME tokens); other quoted text is a String.
struct Primitive {
    enum class Kind { kString, kInteger, kReal, kBoolean, kNull, kDate, kTime, kDateTime };
    Kind kind = Kind::kNull;
    std::string text;  // strings unescaped; numbers as written
    int64_t integer = 0;
    double real = 0;
    bool boolean = false;
};

struct Parameter {
    std::string name;  // without '$'
    Pos pos;
};

struct ObjectPath;
struct NodePredicate;

// Operand on the right of a comparison inside a path predicate.
struct PredicateOperand {
    std::variant<Primitive, Parameter, std::unique_ptr<ObjectPath>, std::string /* at/id code */> value;
};

// [archetype_node_id] / [at0001, 'name'] / [name/value='x'] / [$p] and AND/OR of those.
struct NodePredicate {
    enum class Kind { kNodeId, kParameter, kComparison, kMatches, kAnd, kOr };
    Kind kind = Kind::kNodeId;
    std::string node_id;            // kNodeId: at/id code or archetype id (possibly a pattern)
    // kNodeId's optional second part, [at0001, 'name'], as one of: a name string, a
    // parameter, a term code ("SNOMED-CT::123") or another node code.
    std::optional<std::string> name;
    std::string name_code;
    std::optional<Parameter> parameter;  // kParameter, or the second part given as $param
    std::unique_ptr<ObjectPath> path;    // kComparison / kMatches left side
    std::string op;                      // kComparison
    std::unique_ptr<PredicateOperand> operand;
    std::string regex;                   // kMatches: the CONTAINED_REGEX text
    std::unique_ptr<NodePredicate> left, right;  // kAnd / kOr
    Pos pos;
};

struct PathPart {
    std::string attribute;
    std::unique_ptr<NodePredicate> predicate;
};

struct ObjectPath {
    std::vector<PathPart> parts;
};

// variable[predicate]/path, e.g. o/data[at0001]/events[at0006]/time/value
struct IdentifiedPath {
    std::string variable;
    std::unique_ptr<NodePredicate> predicate;
    ObjectPath path;  // empty when the whole object is meant
    Pos pos;
};

struct FunctionCall;

// Terminal of a comparison or a function argument.
struct Terminal {
    std::variant<Primitive, Parameter, IdentifiedPath, std::unique_ptr<FunctionCall>> value;
};

struct FunctionCall {
    std::string name;  // upper case: LENGTH, CONCAT, TERMINOLOGY, ...
    std::vector<Terminal> args;
    Pos pos;
};

struct AggregateCall {
    std::string name;  // COUNT, MIN, MAX, SUM, AVG
    bool distinct = false;
    bool star = false;  // COUNT(*)
    std::optional<IdentifiedPath> path;
    Pos pos;
};

struct SelectColumn {
    std::variant<IdentifiedPath, Primitive, AggregateCall, FunctionCall> expr;
    std::string alias;
    std::string source;  // the column's text as written (the result set's `path`)
    Pos pos;
};

// FROM: a class expression (COMPOSITION c[openEHR-EHR-COMPOSITION.x.v1]), optionally
// containing another containment expression, or AND/OR of containment expressions.
// kNotContains is the operand form `... AND NOT CONTAINS X` (EHRbase's syntax for "the
// enclosing class does not contain X"); `left` holds X.
struct ContainsExpr {
    enum class Kind { kClass, kAnd, kOr, kNotContains };
    Kind kind = Kind::kClass;
    // kClass
    std::string rm_type;  // as written: EHR, COMPOSITION, OBSERVATION, VERSION, ...
    std::string variable;
    std::unique_ptr<NodePredicate> predicate;   // archetype / standard predicate
    std::string version_predicate;              // VERSION: LATEST_VERSION, ALL_VERSIONS or ""
    std::unique_ptr<NodePredicate> version_condition;  // VERSION[commit_audit/time_committed > ...]
    std::unique_ptr<ContainsExpr> contains;     // what this class contains
    bool not_contains = false;
    // kAnd / kOr (kNotContains: left only)
    std::unique_ptr<ContainsExpr> left, right;
    Pos pos;
};

struct WhereExpr;

struct MatchesOperand {
    std::vector<Terminal> values;   // { v1, v2, ... } (primitives, parameters, TERMINOLOGY())
    std::string uri;                // { uri }
};

struct WhereExpr {
    enum class Kind { kAnd, kOr, kNot, kExists, kCompare, kLike, kMatches };
    Kind kind = Kind::kCompare;
    std::unique_ptr<WhereExpr> left, right;  // kAnd / kOr; kNot uses left
    Terminal lhs;                             // kCompare / kLike / kMatches / kExists (path)
    std::string op;                           // kCompare: = != < <= > >=
    Terminal rhs;                             // kCompare; kLike: string or parameter
    MatchesOperand matches;
    Pos pos;
};

struct OrderBy {
    IdentifiedPath path;
    bool descending = false;
};

struct Query {
    bool distinct = false;
    std::optional<int64_t> top;         // legacy TOP n
    bool top_backward = false;
    std::vector<SelectColumn> columns;
    std::unique_ptr<ContainsExpr> from;
    std::unique_ptr<WhereExpr> where;
    std::vector<OrderBy> order_by;
    std::optional<int64_t> limit;
    std::optional<int64_t> offset;
};

}  // namespace kjerne::aql
