#include "tool/lsp/Protocol.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

namespace concurlint::lsp {

namespace {

llvm::Error error(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// Bytes and UTF-16 code units of the UTF-8 sequence starting at `C`.
std::pair<unsigned, unsigned> utf8Sequence(llvm::StringRef Text, size_t At) {
  unsigned char C = static_cast<unsigned char>(Text[At]);
  unsigned Bytes = C < 0x80 ? 1 : (C >> 5) == 0x6 ? 2 : (C >> 4) == 0xE ? 3 : (C >> 3) == 0x1E ? 4 : 1;
  if (At + Bytes > Text.size())
    return {1, 1};
  for (unsigned I = 1; I < Bytes; ++I)
    if ((static_cast<unsigned char>(Text[At + I]) & 0xC0) != 0x80)
      return {1, 1};  // malformed: one unit per byte
  return {Bytes, Bytes == 4 ? 2u : 1u};
}

}  // namespace

std::optional<std::string> uriToPath(llvm::StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return std::nullopt;
  // file://host/path is not a local file; file:///path and file://localhost/path are.
  Uri.consume_front("localhost");
  if (!Uri.starts_with("/"))
    return std::nullopt;
  std::string Path;
  for (size_t I = 0; I < Uri.size(); ++I) {
    char C = Uri[I];
    if (C == '%') {
      if (I + 2 >= Uri.size() || !llvm::isHexDigit(Uri[I + 1]) || !llvm::isHexDigit(Uri[I + 2]))
        return std::nullopt;
      Path += static_cast<char>(llvm::hexFromNibbles(Uri[I + 1], Uri[I + 2]));
      I += 2;
    } else if (C == '?' || C == '#') {
      break;
    } else {
      Path += C;
    }
  }
  if (Path.find('\0') != std::string::npos)
    return std::nullopt;
  llvm::SmallString<256> Clean(Path);
  llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
  return Clean.str().str();
}

size_t offsetAt(llvm::StringRef Text, Position P) {
  size_t Offset = 0;
  for (unsigned L = 0; L < P.line; ++L) {
    size_t End = Text.find('\n', Offset);
    if (End == llvm::StringRef::npos)
      return Text.size();
    Offset = End + 1;
  }
  // The line ends before its terminator ("\n" or "\r\n").
  auto AtLineEnd = [&](size_t I) {
    return I >= Text.size() || Text[I] == '\n' ||
           (Text[I] == '\r' && I + 1 < Text.size() && Text[I + 1] == '\n');
  };
  unsigned Units = 0;
  while (!AtLineEnd(Offset) && Units < P.character) {
    auto [Bytes, Count] = utf8Sequence(Text, Offset);
    if (Units + Count > P.character)
      break;  // inside a surrogate pair: stay before it
    Units += Count;
    Offset += Bytes;
  }
  return Offset;
}

Position positionAt(llvm::StringRef Text, size_t Offset) {
  Offset = std::min(Offset, Text.size());
  Position P;
  size_t LineStart = 0;
  for (size_t I = Text.find('\n'); I != llvm::StringRef::npos && I < Offset;
       I = Text.find('\n', I + 1)) {
    ++P.line;
    LineStart = I + 1;
  }
  for (size_t I = LineStart; I < Offset;) {
    auto [Bytes, Count] = utf8Sequence(Text, I);
    P.character += Count;
    I += Bytes;
  }
  return P;
}

llvm::json::Value toJSON(const Position &P) {
  return llvm::json::Object{{"line", P.line}, {"character", P.character}};
}

llvm::json::Value rangeJSON(llvm::StringRef Text, size_t Begin, size_t End) {
  return llvm::json::Object{{"start", toJSON(positionAt(Text, Begin))},
                            {"end", toJSON(positionAt(Text, std::max(Begin, End)))}};
}

bool parsePosition(const llvm::json::Value *V, Position &Out) {
  const llvm::json::Object *O = V ? V->getAsObject() : nullptr;
  if (!O)
    return false;
  std::optional<int64_t> Line = O->getInteger("line"), Character = O->getInteger("character");
  if (!Line || !Character || *Line < 0 || *Character < 0 || *Line > UINT32_MAX ||
      *Character > UINT32_MAX)
    return false;
  Out.line = static_cast<unsigned>(*Line);
  Out.character = static_cast<unsigned>(*Character);
  return true;
}

llvm::Error applyContentChange(std::string &Text, const llvm::json::Value &Change) {
  const llvm::json::Object *C = Change.getAsObject();
  if (!C)
    return error("a content change must be an object");
  std::optional<llvm::StringRef> NewText = C->getString("text");
  if (!NewText)
    return error("a content change needs a 'text' string");
  const llvm::json::Value *Range = C->get("range");
  if (!Range || Range->kind() == llvm::json::Value::Null) {
    Text = NewText->str();
    return llvm::Error::success();
  }
  const llvm::json::Object *R = Range->getAsObject();
  Position Start, End;
  if (!R || !parsePosition(R->get("start"), Start) || !parsePosition(R->get("end"), End))
    return error("a content change's range needs a start and an end position");
  size_t B = offsetAt(Text, Start), E = offsetAt(Text, End);
  if (E < B)
    return error("a content change's range ends before it starts");
  Text.replace(B, E - B, NewText->str());
  return llvm::Error::success();
}

}  // namespace concurlint::lsp
