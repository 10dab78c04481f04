// server/auth/principal.cpp — see principal.hpp.
#include "server/auth/principal.hpp"

namespace kjerne::server::auth {

const std::set<std::string>& KnownRoles() {
    static const std::set<std::string> kRoles = {"admin", "modeller", "writer", "reader",
                                                 "researcher"};
    return kRoles;
}

bool Principal::Can(Permission permission) const {
    if (roles.count("admin")) return true;
    switch (permission) {
        case Permission::kRead:
            return !roles.empty();
        case Permission::kWrite:
            return roles.count("writer") > 0;
        case Permission::kDefine:
            return roles.count("modeller") > 0;
        case Permission::kQuery:
            // Readers may already read every record one by one; a query reads no more.
            return roles.count("researcher") > 0 || roles.count("reader") > 0;
    }
    return false;
}

Permission RequiredPermission(const std::string& method, const std::string& route_template) {
    if (route_template.rfind("/definition", 0) == 0) {
        return method == "GET" ? Permission::kRead : Permission::kDefine;
    }
    if (route_template.rfind("/query", 0) == 0) return Permission::kQuery;
    return method == "GET" || method == "HEAD" ? Permission::kRead : Permission::kWrite;
}

}  // namespace kjerne::server::auth
