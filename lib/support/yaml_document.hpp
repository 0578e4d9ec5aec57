// One YAML document from a file's text. YAML::Load reads the first document and
// silently drops any after a `---`; a file of cases, a policy or a test file that
// held a second one would lose it unseen.
#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <string>

namespace cprules::detail {

/// Where a YAML document's content starts, if it has any (a document of one null has none).
class document_content : public YAML::EventHandler {
public:
    bool found = false;
    YAML::Mark at;

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { take(m); }
    void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { take(m); }
    void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { take(m); }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { take(m); }
    void OnMapEnd() override {}

private:
    void take(const YAML::Mark& m) {
        if (!found) at = m;
        found = true;
    }
};

/// The text's first document (null when it has none). A later document that holds
/// anything throws YAML::ParserException at its start, with `why` as the message; a
/// syntax error in the text throws as YAML::Load would. (Not YAML::LoadAll: on some
/// damaged texts it finds empty documents without end, until memory runs out.)
inline YAML::Node load_one_document(const std::string& text, const char* why) {
    YAML::Node first = YAML::Load(text);
    // A second document starts at a `---` or follows a `...`, each at the start of a line
    // after the first: without one, the text was read whole, and is not parsed again.
    if (text.find("\n---") == std::string::npos && text.find("\n...") == std::string::npos) return first;
    std::istringstream in(text);
    YAML::Parser parser(in);
    document_content skipped;
    if (!parser.HandleNextDocument(skipped)) return first;
    // The documents after the first, up to the first with content; empty ones are
    // allowed (a file ending in `---`), but not without end.
    for (int i = 0; i < 1000; ++i) {
        document_content next;
        if (!parser.HandleNextDocument(next)) return first;
        if (next.found) throw YAML::ParserException(next.at, why);
    }
    throw YAML::ParserException(YAML::Mark::null_mark(), why);
}

}  // namespace cprules::detail
