// engine/common/result.hpp
//
// Result<T>: a value or an Error. Propagate with KJ_TRY / KJ_ASSIGN_OR_RETURN so
// call chains read flat (cf. abseil's RETURN_IF_ERROR).
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "engine/common/error.hpp"

namespace kjerne {

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit on purpose
    Result(Error error) : v_(std::move(error)) {}      // NOLINT

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(v_); }
    const T& value() const& { assert(ok()); return std::get<0>(v_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
    Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

private:
    std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : err_(std::move(error)), has_err_(true) {}  // NOLINT
    bool ok() const { return !has_err_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const& { assert(has_err_); return err_; }
    Error&& error() && { assert(has_err_); return std::move(err_); }

private:
    Error err_{ErrorCode::kInternal, ""};
    bool has_err_ = false;
};

using Status = Result<void>;
inline Status OkStatus() { return {}; }

}  // namespace kjerne

#define KJ_CONCAT_INNER_(a, b) a##b
#define KJ_CONCAT_(a, b) KJ_CONCAT_INNER_(a, b)

// KJ_TRY(expr): return the error of a Result/Status expression, else continue.
#define KJ_TRY(expr)                                          \
    do {                                                      \
        auto&& kj_try_r_ = (expr);                            \
        if (!kj_try_r_.ok()) return std::move(kj_try_r_).error(); \
    } while (0)

// KJ_ASSIGN_OR_RETURN(decl, expr): `decl = value` or return the error.
#define KJ_ASSIGN_OR_RETURN(decl, expr) KJ_ASSIGN_OR_RETURN_IMPL_(KJ_CONCAT_(kj_r_, __LINE__), decl, expr)
#define KJ_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr) \
    auto tmp = (expr);                             \
    if (!tmp.ok()) return std::move(tmp).error();  \
    decl = std::move(tmp).value()
