// engine/store/version_data.hpp
//
// The RM-side helpers of the store: what it reads from and writes into the objects it
// versions. Stamping a version's uid into its data (the stored COMPOSITION / EHR_STATUS
// carries uid = the OBJECT_VERSION_ID, as EHRbase returns it), the default EHR_STATUS, the
// EHR_STATUS fields mirrored into the ehr table, and the store's clock (ISO 8601 UTC with
// microseconds, so text order is time order).
// Thread-safety: pure functions; NowUtc reads the system clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"

namespace kjerne::store {

// A canonical JSON text of `data` with its root's uid replaced by OBJECT_VERSION_ID `uid`.
// `data` is not modified (the root is copied shallowly into a scratch document).
std::string VersionJson(const rm::Document& data, const std::string& uid);

// The EHR_STATUS of a new EHR: subject PARTY_SELF (with external_ref when subject_id is
// given), is_queryable and is_modifiable true.
Result<rm::Document> DefaultEhrStatus(const std::string& subject_id, const std::string& subject_namespace);

struct EhrStatusFields {
    bool is_queryable = true;
    bool is_modifiable = true;
    std::string subject_id;         // subject.external_ref.id.value; "" when none
    std::string subject_namespace;  // subject.external_ref.namespace
};
EhrStatusFields ReadEhrStatusFields(const rm::Node& ehr_status);

// Now, "2026-11-25T15:05:23.123456Z".
std::string NowUtc();
// Any ISO 8601 date-time with offset or Z ("2026-11-25T16:05:23+01:00", "...23.5Z",
// "2026-11-25") in the store's form, or nullopt when unreadable.
std::optional<std::string> NormalizeTime(std::string_view text);
// `t` (store form) plus one microsecond.
std::string NextMicrosecond(const std::string& t);

}  // namespace kjerne::store
