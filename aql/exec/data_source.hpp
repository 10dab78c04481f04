// aql/exec/data_source.hpp
//
// What an AQL evaluator reads: the EHRs, each with its EHR_STATUS, its directory (the FOLDER
// tree of EHR.directory, aql/exec/folders.hpp) and the latest versions of its compositions,
// as RM trees, and — for VERSION / VERSIONED_OBJECT in FROM — every versioned object with
// all its versions (aql/exec/versions.hpp). The reference evaluator walks these literally; the
// planned engine of a later step reads the store's index instead but must return the same
// rows (differential tests). InMemoryDataSource backs the .test suites; a store-backed
// source adapts engine/store.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "aql/exec/versions.hpp"
#include "engine/rm/document.hpp"

namespace kjerne::aql {

// One versioned object (composition or EHR_STATUS) with its history.
struct VersionedObjectView {
    const rm::Document* object = nullptr;         // VERSIONED_OBJECT: uid, owner_id, time_created
    std::vector<const rm::Document*> versions;    // ORIGINAL_VERSIONs, oldest first; back() = latest
};

struct EhrView {
    std::string ehr_id;
    const rm::Document* ehr = nullptr;         // an RM EHR node: ehr_id, system_id, time_created
    const rm::Document* ehr_status = nullptr;  // latest EHR_STATUS
    bool queryable = true;                     // EHR_STATUS.is_queryable
    std::vector<const rm::Document*> compositions;  // latest, non-deleted versions
    // The latest, non-deleted version of the EHR's directory (a FOLDER tree whose items are
    // OBJECT_REFs to versioned objects); null when the EHR has none. Read from a store, its
    // root's uid is the version's OBJECT_VERSION_ID, as for compositions.
    const rm::Document* directory = nullptr;
    // Every versioned object (compositions, EHR_STATUS, the directory) with all its versions;
    // empty when the source was built from bare documents (AddComposition, SetDirectory),
    // which then have no VERSION to query.
    std::vector<VersionedObjectView> versioned_objects;
};

class DataSource {
public:
    virtual ~DataSource() = default;
    // Calls `visit` for every EHR; stops early when it returns false.
    virtual Status ForEachEhr(const std::function<bool(const EhrView&)>& visit) const = 0;
};

// EHRs held in memory, built from RM documents (tests, small imports).
class InMemoryDataSource : public DataSource {
public:
    // Adds an EHR; its EHR node is built from the id, system id and creation time given,
    // and its EHR_STATUS defaults to a queryable, modifiable one when `status` is null.
    EhrView& AddEhr(const std::string& ehr_id, const std::string& system_id, const std::string& time_created,
                    std::unique_ptr<rm::Document> status = nullptr);
    void AddComposition(EhrView& ehr, std::unique_ptr<rm::Document> composition);
    // Makes `folder` (a FOLDER tree) the EHR's directory, without a version history.
    void SetDirectory(EhrView& ehr, std::unique_ptr<rm::Document> folder);

    // One version of a versioned object, given oldest first per object.
    struct VersionIn {
        VersionRecordIn record;
        std::unique_ptr<rm::Document> data;  // null when the version is a deletion
    };
    // Adds a versioned object with its versions (`vo_id`, created at the first version's
    // commit time). When its latest version holds a COMPOSITION, that composition also
    // becomes one of the EHR's compositions (what FROM COMPOSITION sees); when it holds a
    // FOLDER, that folder becomes the EHR's directory (what FROM FOLDER sees).
    Status AddVersionedObject(EhrView& ehr, const std::string& vo_id, std::vector<VersionIn> versions);

    Status ForEachEhr(const std::function<bool(const EhrView&)>& visit) const override;

private:
    std::vector<std::unique_ptr<EhrView>> ehrs_;
    std::vector<std::unique_ptr<rm::Document>> docs_;
};

}  // namespace kjerne::aql
