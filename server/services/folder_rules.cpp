// server/services/folder_rules.cpp — see folder_rules.hpp.
#include "server/services/folder_rules.hpp"

#include <set>
#include <utility>

#include "engine/rm/views.hpp"
#include "server/services/ehr_service.hpp"

namespace kjerne::server::services {
namespace {

void Add(std::vector<Issue>& out, const char* code, std::string rm_path, std::string message) {
    Issue issue;
    issue.code = code;
    issue.rm_path = std::move(rm_path);
    issue.message = std::move(message);
    out.push_back(std::move(issue));
}

// The list items of `prop` of `node` (empty when absent).
std::span<rm::Value> ListOf(const bmm::Schema& schema, const rm::Node& node,
                            std::string_view prop) {
    const rm::Value* v = node.Find(schema, prop);
    return v ? v->items() : std::span<rm::Value>();
}

std::string Text(const bmm::Schema& schema, const rm::Node& node, std::string_view prop) {
    const rm::Value* v = node.Find(schema, prop);
    if (v == nullptr) return "";
    if (v->is_string()) return std::string(v->str());
    return std::string(rm::ValueOf(v->node()));
}

void CheckFolder(const bmm::Schema& schema, const rm::Node& folder, const std::string& at,
                 std::vector<Issue>& out) {
    rm::LocatableView view(&folder);
    if (view.name().empty()) {
        Add(out, "FOLDER_NAME", at + "/name",
            "a FOLDER needs a name (the directory's paths are made of folder names)");
    }
    if (view.archetype_node_id().empty()) {
        Add(out, "FOLDER_ARCHETYPE_NODE_ID", at + "/archetype_node_id",
            "a FOLDER needs an archetype_node_id (mandatory on every LOCATABLE)");
    }
    std::span<rm::Value> items = ListOf(schema, folder, "items");
    for (size_t i = 0; i < items.size(); ++i) {
        const std::string where = at + "/items[" + std::to_string(i + 1) + "]";
        const rm::Node* ref = items[i].node();
        if (ref == nullptr || Text(schema, *ref, "id").empty() ||
            Text(schema, *ref, "namespace").empty() || Text(schema, *ref, "type").empty()) {
            Add(out, "FOLDER_ITEM", where,
                "a folder item must be an OBJECT_REF with id, namespace and type");
        }
    }
    std::set<std::string_view> names;
    std::span<rm::Value> folders = ListOf(schema, folder, "folders");
    for (size_t i = 0; i < folders.size(); ++i) {
        const std::string where = at + "/folders[" + std::to_string(i + 1) + "]";
        const rm::Node* child = folders[i].node();
        if (child == nullptr) continue;  // the codec types list members; a null one cannot occur
        std::string_view name = rm::LocatableView(child).name();
        if (!name.empty() && !names.insert(name).second) {
            Add(out, "FOLDER_DUPLICATE_NAME", where + "/name",
                "another sub-folder of the same folder is already named '" + std::string(name) +
                    "'");
        }
        CheckFolder(schema, *child, where, out);
    }
}

}  // namespace

std::vector<Issue> FolderIssues(const rm::Document& doc) {
    std::vector<Issue> out;
    const rm::Node* root = doc.root();
    if (root == nullptr || doc.schema().Name(root->type) != "FOLDER") {
        Add(out, "TYPE", "/",
            "the body is not a FOLDER" +
                (root ? " but a " + std::string(doc.schema().Name(root->type)) : std::string()));
        return out;
    }
    CheckFolder(doc.schema(), *root, "", out);
    for (Issue& issue : out) {
        if (issue.rm_path.empty()) issue.rm_path = "/";
    }
    return out;
}

Result<rm::Document> ReadFolder(std::string_view body, codec::Format format) {
    KJ_ASSIGN_OR_RETURN(rm::Document doc, ReadBody(body, format, "FOLDER"));
    std::vector<Issue> issues = FolderIssues(doc);
    if (!issues.empty()) {
        std::string message = issues.size() == 1 ? issues.front().message
                                                 : std::to_string(issues.size()) +
                                                       " problems with the FOLDER; see issues";
        return Error(ErrorCode::kInvalidArgument, std::move(message), std::move(issues));
    }
    return doc;
}

const rm::Node* FolderAtPath(const rm::Document& doc, std::string_view path) {
    const rm::Node* cur = doc.root();
    size_t pos = 0;
    while (cur != nullptr && pos <= path.size()) {
        size_t end = path.find('/', pos);
        if (end == std::string_view::npos) end = path.size();
        std::string_view segment = path.substr(pos, end - pos);
        pos = end + 1;
        if (segment.empty()) continue;
        const rm::Node* next = nullptr;
        for (const rm::Value& v : ListOf(doc.schema(), *cur, "folders")) {
            if (v.node() != nullptr && rm::LocatableView(v.node()).name() == segment) {
                next = v.node();
                break;
            }
        }
        cur = next;
    }
    return cur;
}

}  // namespace kjerne::server::services
