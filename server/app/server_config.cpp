// server/app/server_config.cpp — see server_config.hpp.
#include "server/app/server_config.hpp"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/PropertyFileConfiguration.h>

namespace kjerne::server::app {

Result<uint16_t> ParsePort(std::string_view text) {
    unsigned value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value > 65535) {
        return Error::InvalidArgument("invalid port '" + std::string(text) +
                                      "': expected an integer from 0 to 65535");
    }
    return static_cast<uint16_t>(value);
}

Status CheckAuthConfig(const ServerConfig& config) {
    if (config.auth == "none") return OkStatus();
    if (config.auth == "basic") {
        if (config.users_file.empty()) {
            return Error::InvalidArgument("auth basic needs a users file (--users, KJERNE_USERS)");
        }
        return OkStatus();
    }
    if (config.auth == "jwt") {
        if (config.jwt_secret.empty() && config.jwt_public_key.empty()) {
            return Error::InvalidArgument(
                "auth jwt needs --jwt-secret (HS256) and/or --jwt-public-key (RS256)");
        }
        return OkStatus();
    }
    return Error::InvalidArgument("unknown auth mode '" + config.auth + "' (none, basic or jwt)");
}

Result<size_t> ParseByteCount(std::string_view text) {
    size_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value == 0) {
        return Error::InvalidArgument("invalid byte count '" + std::string(text) +
                                      "': expected a positive integer");
    }
    return value;
}

Status ApplyConfigFile(const std::string& file, ServerConfig& config) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        return Error::Io("config file '" + file + "' does not exist or is not a file");
    }
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> props;
    try {
        props = new Poco::Util::PropertyFileConfiguration(file);
    } catch (const Poco::Exception& e) {
        return Error::Io("cannot read config file '" + file + "': " + e.displayText());
    }
    static const std::set<std::string> kKnownKeys = {"db", "host", "port", "max_body_bytes",
                                                        "auth", "users", "jwt_secret", "jwt_public_key",
                                                        "jwt_issuer", "jwt_audience"};
    Poco::Util::AbstractConfiguration::Keys keys;
    props->keys(keys);
    for (const std::string& key : keys) {
        if (kKnownKeys.count(key) == 0) {
            return Error::InvalidArgument("config file '" + file + "': unknown key '" + key +
                                          "' (known: db, host, port, max_body_bytes, auth, users, jwt_secret, "
                                          "jwt_public_key, jwt_issuer, jwt_audience)");
        }
    }
    if (props->has("db")) config.db_path = props->getRawString("db");
    if (props->has("host")) config.host = props->getRawString("host");
    if (props->has("port")) {
        Result<uint16_t> port = ParsePort(props->getRawString("port"));
        if (!port.ok()) {
            return Error::InvalidArgument("config file '" + file + "': " +
                                          port.error().message());
        }
        config.port = *port;
    }
    if (props->has("auth")) config.auth = props->getRawString("auth");
    if (props->has("users")) config.users_file = props->getRawString("users");
    if (props->has("jwt_secret")) config.jwt_secret = props->getRawString("jwt_secret");
    if (props->has("jwt_public_key")) config.jwt_public_key = props->getRawString("jwt_public_key");
    if (props->has("jwt_issuer")) config.jwt_issuer = props->getRawString("jwt_issuer");
    if (props->has("jwt_audience")) config.jwt_audience = props->getRawString("jwt_audience");
    if (props->has("max_body_bytes")) {
        Result<size_t> bytes = ParseByteCount(props->getRawString("max_body_bytes"));
        if (!bytes.ok()) {
            return Error::InvalidArgument("config file '" + file + "': " +
                                          bytes.error().message());
        }
        config.max_body_bytes = *bytes;
    }
    return OkStatus();
}

Status ApplyEnvironment(ServerConfig& config) {
    auto get = [](const char* name) -> std::string {
        const char* value = std::getenv(name);
        return value != nullptr ? value : "";
    };
    if (std::string db = get("KJERNE_DB"); !db.empty()) config.db_path = db;
    if (std::string host = get("KJERNE_HOST"); !host.empty()) config.host = host;
    if (std::string port = get("KJERNE_PORT"); !port.empty()) {
        Result<uint16_t> parsed = ParsePort(port);
        if (!parsed.ok()) return Error::InvalidArgument("KJERNE_PORT: " + parsed.error().message());
        config.port = *parsed;
    }
    if (std::string auth = get("KJERNE_AUTH"); !auth.empty()) config.auth = auth;
    if (std::string users = get("KJERNE_USERS"); !users.empty()) config.users_file = users;
    if (std::string v = get("KJERNE_JWT_SECRET"); !v.empty()) config.jwt_secret = v;
    if (std::string v = get("KJERNE_JWT_PUBLIC_KEY"); !v.empty()) config.jwt_public_key = v;
    if (std::string v = get("KJERNE_JWT_ISSUER"); !v.empty()) config.jwt_issuer = v;
    if (std::string v = get("KJERNE_JWT_AUDIENCE"); !v.empty()) config.jwt_audience = v;
    if (std::string bytes = get("KJERNE_MAX_BODY_BYTES"); !bytes.empty()) {
        Result<size_t> parsed = ParseByteCount(bytes);
        if (!parsed.ok()) {
            return Error::InvalidArgument("KJERNE_MAX_BODY_BYTES: " + parsed.error().message());
        }
        config.max_body_bytes = *parsed;
    }
    return OkStatus();
}

}  // namespace kjerne::server::app
