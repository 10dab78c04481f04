// engine/store/importer.cpp — see importer.hpp.
#include "engine/store/importer.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "engine/codec/codec.hpp"
#include "engine/common/file.hpp"
#include "engine/rm/views.hpp"
#include "engine/store/opt_template_id.hpp"

namespace kjerne::store {
namespace {

Result<std::string> ReadWhole(const std::filesystem::path& p, size_t max_bytes) {
    std::error_code ec;
    auto size = std::filesystem::file_size(p, ec);
    if (ec) return Error::Io("cannot read '" + p.string() + "': " + ec.message());
    if (size > max_bytes) {
        return Error::LimitExceeded("'" + p.string() + "' is " + std::to_string(size) + " bytes, over the limit");
    }
    return ReadFileBytes(p);
}

bool IsInputFile(const std::filesystem::path& p) {
    auto ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".json" || ext == ".xml";
}

}  // namespace

Result<std::vector<std::filesystem::path>> CollectInputFiles(const std::vector<std::string>& paths) {
    std::vector<std::filesystem::path> out;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) {
            std::vector<std::filesystem::path> found;
            for (auto it = std::filesystem::recursive_directory_iterator(p, ec);
                 !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file() && IsInputFile(it->path())) found.push_back(it->path());
            }
            if (ec) return Error::Io("cannot walk '" + p + "': " + ec.message());
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (std::filesystem::exists(p, ec)) {
            out.emplace_back(p);
        } else {
            return Error::NotFound("no such file or folder '" + p + "'");
        }
    }
    return out;
}

Result<std::string> RegisterOptFile(Store& store, const std::filesystem::path& opt_file) {
    KJ_ASSIGN_OR_RETURN(std::string opt, ReadWhole(opt_file, 256u << 20));
    Result<std::string> id = OptTemplateId(opt);
    if (!id.ok()) return Error::InvalidArgument(opt_file.string() + ": " + id.error().message());
    Result<bool> put = store.PutTemplate(*id, opt);
    if (!put.ok()) return Error(put.error().code(), opt_file.string() + ": " + put.error().message());
    return *id;
}

Result<const TemplateRecord*> Importer::Template(const std::string& template_id) {
    for (const auto& t : templates_) {
        if (t.template_id == template_id) return &t;
    }
    Result<TemplateRecord> t = store_.GetTemplate(template_id);
    if (!t.ok()) {
        if (t.error().code() != ErrorCode::kNotFound) return std::move(t).error();
        Issue i;
        i.code = "STORE_UNKNOWN_TEMPLATE";
        i.rm_path = "/archetype_details/template_id";
        i.message = "template '" + template_id + "' is not stored (pass its OPT with --template)";
        return Error::Validation({i});
    }
    templates_.push_back(std::move(t).value());
    return &templates_.back();
}

Result<rm::Document> Importer::ReadAndCheck(const std::filesystem::path& file) {
    KJ_ASSIGN_OR_RETURN(std::string text, ReadWhole(file, options_.max_bytes));
    codec::ReadOptions ro;
    ro.source_name = file.string();
    ro.max_bytes = options_.max_bytes;
    ro.root_type = "COMPOSITION";  // for documents that do not name their root type
    KJ_ASSIGN_OR_RETURN(rm::Document doc, codec::Read(text, ro));
    return Check(std::move(doc));
}

Result<rm::Document> Importer::Check(rm::Document doc) {
    rm::CompositionView view(doc.root());
    if (!view.valid()) {
        Issue i;
        i.code = "STORE_WRONG_TYPE";
        i.rm_path = "/";
        i.message = "not a COMPOSITION but a " + std::string(doc.schema().Name(doc.root() ? doc.root()->type : bmm::kNoType));
        return Error::Validation({i});
    }
    std::string template_id(view.template_id());
    if (template_id.empty()) {
        Issue i;
        i.code = "STORE_NO_TEMPLATE_ID";
        i.rm_path = "/archetype_details/template_id";
        i.message = "the composition names no template";
        return Error::Validation({i});
    }
    KJ_ASSIGN_OR_RETURN(const TemplateRecord* tpl, Template(template_id));
    if (options_.validator) {
        std::vector<Issue> issues = options_.validator(doc, *tpl);
        if (!issues.empty()) return Error::Validation(std::move(issues));
    }
    return doc;
}

namespace {

ContributionRequest RequestFor(const rm::Document& doc, const std::string& ehr_id, const CreateEhrRequest* new_ehr) {
    VersionChange change;
    change.kind = ObjectKind::kComposition;
    change.change = ChangeType::kCreation;
    change.data = &doc;
    ContributionRequest req{ehr_id, {change}, AuditInput{"", "kjerne import"}};
    if (ehr_id.empty()) req.create_ehr = new_ehr;
    return req;
}

const CreateEhrRequest kNewEhr{};  // default EHR_STATUS, generated id

}  // namespace

Result<VersionRecord> Importer::ImportFile(const std::filesystem::path& file) {
    KJ_ASSIGN_OR_RETURN(rm::Document doc, ReadAndCheck(file));
    KJ_ASSIGN_OR_RETURN(ContributionResult r, store_.CommitContribution(RequestFor(doc, options_.ehr_id, &kNewEhr)));
    return std::move(r.versions.front());
}

Result<VersionRecord> Importer::ImportDocument(const rm::Document& composition) {
    KJ_ASSIGN_OR_RETURN(rm::Document doc, Check(composition.Clone()));
    KJ_ASSIGN_OR_RETURN(ContributionResult r, store_.CommitContribution(RequestFor(doc, options_.ehr_id, &kNewEhr)));
    return std::move(r.versions.front());
}

void Importer::ImportFiles(const std::vector<std::filesystem::path>& files,
                           const std::function<void(const ImportOutcome&)>& on_outcome) {
    size_t batch = options_.batch_size == 0 ? 1 : options_.batch_size;
    for (size_t start = 0; start < files.size(); start += batch) {
        size_t end = std::min(files.size(), start + batch);
        std::vector<Result<rm::Document>> docs;
        docs.reserve(end - start);
        std::vector<ContributionRequest> requests;
        std::vector<size_t> request_of;  // file index -> request index, or npos
        for (size_t i = start; i < end; ++i) docs.push_back(ReadAndCheck(files[i]));
        for (size_t i = 0; i < docs.size(); ++i) {
            if (docs[i].ok()) {
                request_of.push_back(requests.size());
                requests.push_back(RequestFor(*docs[i], options_.ehr_id, &kNewEhr));
            } else {
                request_of.push_back(static_cast<size_t>(-1));
            }
        }
        Result<std::vector<Result<ContributionResult>>> committed =
            requests.empty() ? Result<std::vector<Result<ContributionResult>>>(std::vector<Result<ContributionResult>>{})
                             : store_.CommitBatch(requests);
        for (size_t i = 0; i < docs.size(); ++i) {
            ImportOutcome out{files[start + i], Error::Internal("not imported")};
            if (!docs[i].ok()) {
                out.result = docs[i].error();
            } else if (!committed.ok()) {
                out.result = committed.error();
            } else {
                Result<ContributionResult>& r = (*committed)[request_of[i]];
                if (r.ok()) out.result = std::move(r->versions.front());
                else out.result = r.error();
            }
            on_outcome(out);
        }
    }
}

}  // namespace kjerne::store
