// server/services/poco_json.hpp
//
// Compact JSON text of a Poco JSON value, for the services and the HTTP layer that build
// response bodies with Poco::JSON (one definition instead of a copy in each file).
#pragma once

#include <sstream>
#include <string>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Stringifier.h>

namespace kjerne::server {

inline std::string JsonText(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

}  // namespace kjerne::server
