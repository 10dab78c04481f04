// tools/cmd_convert.cpp
//
// `kjerne convert FILE --to json|xml [--compact]`: reads one canonical RM document (JSON or
// XML, detected from its first byte), writes it in the requested canonical format to stdout.
// FILE `-` reads stdin. Errors go to stderr as Error::ToString() and exit with 1, so the
// command doubles as a validator of the codecs against any file.
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
#include "tools/commands.hpp"

namespace kjerne::tools {
namespace {

struct ConvertArgs {
    std::string file;
    std::string to;
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
    codec::ReadOptions read_options;
    read_options.source_name = args.file == "-" ? "<stdin>" : args.file;
    read_options.root_type = args.type;
    read_options.max_bytes = args.max_bytes;
    Result<rm::Document> doc = codec::Read(*text, read_options);
    if (!doc.ok()) {
        std::cerr << doc.error().ToString() << '\n';
        return 1;
    }
    codec::WriteOptions write_options;
    write_options.pretty = !args.compact;
    const codec::Format format = args.to == "xml" ? codec::Format::kXml : codec::Format::kJson;
    std::string out = codec::Write(*doc, format, write_options);
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
        "convert", "Convert a canonical RM document between JSON and XML (writes to stdout)");
    cmd->add_option("FILE", args->file, "Input document, JSON or XML (detected); '-' = stdin")
        ->required();
    cmd->add_option("--to", args->to, "Output format")
        ->required()
        ->check(CLI::IsMember({"json", "xml"}));
    cmd->add_flag("--compact", args->compact, "Write without indentation or line breaks");
    cmd->add_option("--type", args->type,
                    "RM type of the root when the document does not name it (e.g. FOLDER, EHR_STATUS)");
    cmd->add_option("--max-bytes", args->max_bytes, "Refuse larger inputs (default 64 MiB)");
    cmd->callback([args, &exit_code] { exit_code = RunConvert(*args); });
}

}  // namespace kjerne::tools
