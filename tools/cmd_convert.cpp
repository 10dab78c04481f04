// tools/cmd_convert.cpp
//
// `kjerne convert FILE --to json|xml|flat [--compact] [--from flat] [--template OPT]`: reads
// one RM document (canonical JSON or XML, detected from its first byte; or FLAT JSON with
// `--from flat`), writes it in the requested format to stdout. FLAT in either direction needs
// the composition's operational template (`--template`), whose web template gives the FLAT
// paths. FILE `-` reads stdin. Errors go to stderr as Error::ToString() (one line per issue)
// and exit with 1, so the command doubles as a validator of the codecs against any file.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/codec/codec.hpp"
#include "engine/common/error.hpp"
#include "engine/common/result.hpp"
#include "templates/flat/flat.hpp"
#include "templates/opt/opt_loader.hpp"
#include "tools/commands.hpp"

namespace kjerne::tools {
namespace {

struct ConvertArgs {
    std::string file;
    std::string to;
    std::string from;  // "" = canonical (sniffed), or "flat"
    std::string template_file;
    bool compact = false;
    std::string type;  // root RM type for documents that do not name it
    size_t max_bytes = 64u << 20;
};

Result<std::string> ReadInput(const std::string& file) {
    std::ostringstream buffer;
    if (file == "-") {
        buffer << std::cin.rdbuf();
        if (std::cin.bad()) return Error::Io("cannot read standard input");
        return buffer.str();
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::Io("cannot open '" + file + "'");
    buffer << in.rdbuf();
    if (in.bad()) return Error::Io("cannot read '" + file + "'");
    return buffer.str();
}

int RunConvert(const ConvertArgs& args) {
    Result<std::string> text = ReadInput(args.file);
    if (!text.ok()) {
        std::cerr << text.error().ToString() << '\n';
        return 1;
    }
    const bool flat = args.from == "flat" || args.to == "flat";
    std::shared_ptr<const templates::Template> tpl;
    if (flat) {
        if (args.template_file.empty()) {
            std::cerr << Error::InvalidArgument(
                             "FLAT needs the operational template: --template OPT")
                             .ToString()
                      << '\n';
            return 1;
        }
        auto loaded = templates::LoadOptFile(args.template_file);
        if (!loaded.ok()) {
            std::cerr << loaded.error().ToString() << '\n';
            return 1;
        }
        tpl = *loaded;
    }
    if (text->size() > args.max_bytes) {
        std::cerr << Error::LimitExceeded("input larger than --max-bytes").ToString() << '\n';
        return 1;
    }
    Result<rm::Document> doc = Error::Internal("unread");
    if (args.from == "flat") {
        doc = templates::flat::FlatToComposition(*tpl, *text);
    } else {
        codec::ReadOptions read_options;
        read_options.source_name = args.file == "-" ? "<stdin>" : args.file;
        read_options.root_type = args.type;
        read_options.max_bytes = args.max_bytes;
        doc = codec::Read(*text, read_options);
    }
    if (!doc.ok()) {
        std::cerr << doc.error().ToString() << '\n';
        for (const auto& issue : doc.error().issues())
            std::cerr << "  " << issue.ToString() << '\n';
        return 1;
    }
    std::string out;
    if (args.to == "flat") {
        auto written = templates::flat::CompositionToFlat(*tpl, *doc);
        if (!written.ok()) {
            std::cerr << written.error().ToString() << '\n';
            return 1;
        }
        out = std::move(*written);
    } else {
        codec::WriteOptions write_options;
        write_options.pretty = !args.compact;
        const codec::Format format = args.to == "xml" ? codec::Format::kXml : codec::Format::kJson;
        out = codec::Write(*doc, format, write_options);
    }
    if (out.empty() || out.back() != '\n') out.push_back('\n');
    std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    std::cout.flush();
    if (!std::cout) {
        std::cerr << Error::Io("cannot write standard output").ToString() << '\n';
        return 1;
    }
    return 0;
}

}  // namespace

void RegisterConvertCommand(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ConvertArgs>();
    CLI::App* cmd = app.add_subcommand(
        "convert",
        "Convert an RM document between canonical JSON, XML and FLAT (writes to stdout)");
    cmd->add_option("FILE", args->file, "Input document, JSON or XML (detected); '-' = stdin")
        ->required();
    cmd->add_option("--to", args->to, "Output format")
        ->required()
        ->check(CLI::IsMember({"json", "xml", "flat"}));
    cmd->add_option("--from", args->from, "Input format when not canonical: flat")
        ->check(CLI::IsMember({"flat"}));
    cmd->add_option("--template", args->template_file,
                    "Operational template (OPT 1.4) for FLAT input or output");
    cmd->add_flag("--compact", args->compact, "Write without indentation or line breaks");
    cmd->add_option(
        "--type", args->type,
        "RM type of the root when the document does not name it (e.g. FOLDER, EHR_STATUS)");
    cmd->add_option("--max-bytes", args->max_bytes, "Refuse larger inputs (default 64 MiB)");
    cmd->callback([args, &exit_code] { exit_code = RunConvert(*args); });
}

}  // namespace kjerne::tools
