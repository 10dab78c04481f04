// server/app/server_config.cpp — see server_config.hpp.
#include "server/app/server_config.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>

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
    if (config.auth.empty()) {
        return Error::InvalidArgument(
            "no authentication mode configured: choose --auth jwt (bearer tokens), --auth basic "
            "(users file, development) or --auth none (open: every caller may read and write every "
            "record; only for local development) — also KJERNE_AUTH or `auth` in --config");
    }
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

Result<size_t> ParsePositive(std::string_view text) {
    size_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value == 0) {
        return Error::InvalidArgument("invalid value '" + std::string(text) +
                                      "': expected a positive integer");
    }
    return value;
}

Result<size_t> ParseByteCount(std::string_view text) { return ParsePositive(text); }

namespace {

// One row per setting: its config-file key (the environment variable is KJERNE_ + the key
// upper-cased) and how a text value is stored. Both layers read this table, so a new setting
// is one row here and one field in ServerConfig.
struct Setting {
    const char* key;
    Status (*apply)(std::string_view value, ServerConfig& config);
};

Status SetString(std::string ServerConfig::*field, std::string_view value, ServerConfig& config) {
    config.*field = std::string(value);
    return OkStatus();
}

Status SetCount(size_t ServerConfig::*field, std::string_view value, ServerConfig& config) {
    KJ_ASSIGN_OR_RETURN(size_t parsed, ParsePositive(value));
    config.*field = parsed;
    return OkStatus();
}

#define KJ_STRING_SETTING(key, field) \
    {key, [](std::string_view v, ServerConfig& c) { return SetString(&ServerConfig::field, v, c); }}
#define KJ_COUNT_SETTING(key, field) \
    {key, [](std::string_view v, ServerConfig& c) { return SetCount(&ServerConfig::field, v, c); }}

constexpr Setting kSettings[] = {
    KJ_STRING_SETTING("db", db_path),
    KJ_STRING_SETTING("host", host),
    {"port",
     [](std::string_view v, ServerConfig& c) -> Status {
         KJ_ASSIGN_OR_RETURN(c.port, ParsePort(v));
         return OkStatus();
     }},
    KJ_COUNT_SETTING("max_body_bytes", max_body_bytes),
    KJ_STRING_SETTING("auth", auth),
    KJ_STRING_SETTING("users", users_file),
    KJ_STRING_SETTING("jwt_secret", jwt_secret),
    KJ_STRING_SETTING("jwt_public_key", jwt_public_key),
    KJ_STRING_SETTING("jwt_issuer", jwt_issuer),
    KJ_STRING_SETTING("jwt_audience", jwt_audience),
    KJ_COUNT_SETTING("max_concurrent_requests", max_concurrent_requests),
    KJ_COUNT_SETTING("max_queued_requests", max_queued_requests),
    KJ_COUNT_SETTING("query_timeout_ms", query_timeout_ms),
    KJ_COUNT_SETTING("max_result_rows", max_result_rows),
    KJ_STRING_SETTING("audit_log", audit_log),
    KJ_STRING_SETTING("system_id", system_id),
    {"opt_schema",
     [](std::string_view v, ServerConfig& c) -> Status {
         KJ_ASSIGN_OR_RETURN(c.opt_schema, templates::ParseXsdCheck(v));
         return OkStatus();
     }},
};

#undef KJ_STRING_SETTING
#undef KJ_COUNT_SETTING

std::string EnvName(const char* key) {
    std::string name = "KJERNE_";
    for (const char* p = key; *p != '\0'; ++p) name += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    return name;
}

std::string KnownKeys() {
    std::string keys;
    for (const Setting& s : kSettings) keys += (keys.empty() ? "" : ", ") + std::string(s.key);
    return keys;
}

}  // namespace

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
    Poco::Util::AbstractConfiguration::Keys keys;
    props->keys(keys);
    for (const std::string& key : keys) {
        const Setting* setting = nullptr;
        for (const Setting& s : kSettings) {
            if (key == s.key) setting = &s;
        }
        if (setting == nullptr) {
            return Error::InvalidArgument("config file '" + file + "': unknown key '" + key +
                                          "' (known: " + KnownKeys() + ")");
        }
        Status applied = setting->apply(props->getRawString(key), config);
        if (!applied.ok()) {
            return Error::InvalidArgument("config file '" + file + "': " + key + ": " +
                                          applied.error().message());
        }
    }
    return OkStatus();
}

Status ApplyEnvironment(ServerConfig& config) {
    for (const Setting& s : kSettings) {
        const std::string name = EnvName(s.key);
        const char* value = std::getenv(name.c_str());
        if (value == nullptr || *value == '\0') continue;
        Status applied = s.apply(value, config);
        if (!applied.ok()) return Error::InvalidArgument(name + ": " + applied.error().message());
    }
    return OkStatus();
}

}  // namespace kjerne::server::app
