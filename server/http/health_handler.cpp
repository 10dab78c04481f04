// server/http/health_handler.cpp — see health_handler.hpp.
#include "server/http/health_handler.hpp"

#include <utility>

#include "server/http/responses.hpp"

namespace kjerne::server::http {

RouteHandler MakeHealthHandler(std::string db_path) {
    return [db_path = std::move(db_path)](Poco::Net::HTTPServerRequest&,
                                          Poco::Net::HTTPServerResponse& response) -> Status {
        Poco::JSON::Object body = OrderedObject();
        body.set("status", "UP");
        body.set("db", db_path);
        SendJson(response, Poco::Net::HTTPResponse::HTTP_OK, body);
        return OkStatus();
    };
}

}  // namespace kjerne::server::http
