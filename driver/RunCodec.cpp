#include "driver/RunCodec.h"

#include "facts/Codec.h"
#include "facts/FactFields.h"

namespace concurlint {

template <class IO, FactOf<Note> T> void describe(IO &io, T &N) {
  auto &[Where, Message] = N;
  io(field("where", Where), field("message", Message));
}

template <class IO, FactOf<CallChain> T> void describe(IO &io, T &C) {
  auto &[Title, Steps] = C;
  io(field("title", Title), field("steps", Steps));
}

template <class IO, FactOf<Finding> T> void describe(IO &io, T &F) {
  auto &[Rule, Severity_, OwnSeverity, Message, Where, Notes, Chains, Fixes, Confidence_,
         ConfidenceReason] = F;
  io(field("rule", Rule), field("severity", Severity_), field("own_severity", OwnSeverity),
     field("message", Message), field("where", Where), field("notes", Notes),
     field("chains", Chains), field("fixes", Fixes), field("confidence", Confidence_),
     field("confidence_reason", ConfidenceReason));
}

template <class IO, FactOf<CachedRun> T> void describe(IO &io, T &R) {
  auto &[Files, Findings] = R;
  io(field("files", Files), field("findings", Findings));
}

namespace codec {

// A finding's fixes: per file, its replacements (path, offset, length, text). Found by
// argument-dependent lookup on the encoder and decoder.
using FixMap = std::map<std::string, clang::tooling::Replacements>;

void describe(Encoder &E, const FixMap &Fixes) {
  E.field(static_cast<unsigned>(Fixes.size()));
  for (const auto &[File, Reps] : Fixes) {
    E.field(File);
    E.field(static_cast<unsigned>(Reps.size()));
    for (const clang::tooling::Replacement &R : Reps) {
      E.field(R.getFilePath().str());
      E.field(R.getOffset());
      E.field(R.getLength());
      E.field(R.getReplacementText().str());
    }
  }
}

void describe(Decoder &D, FixMap &Fixes) {
  uint64_t Files = D.varint();
  for (uint64_t I = 0; D.ok() && I < Files; ++I) {
    std::string File;
    D.field(File);
    uint64_t Count = D.varint();
    clang::tooling::Replacements &Reps = Fixes[File];
    for (uint64_t K = 0; D.ok() && K < Count; ++K) {
      std::string Path, Text;
      unsigned Offset = 0, Length = 0;
      D.field(Path);
      D.field(Offset);
      D.field(Length);
      D.field(Text);
      if (!D.ok())
        return;
      // They were a valid set when encoded: a conflict now is damage.
      if (llvm::Error Err = Reps.add(clang::tooling::Replacement(Path, Offset, Length, Text))) {
        llvm::consumeError(std::move(Err));
        return D.fail("conflicting replacements");
      }
    }
  }
}

}  // namespace codec

void encodeRun(const CachedRun &Run, std::string &Out) { codec::encodeValue(Run, Out); }

llvm::Expected<CachedRun> decodeRun(llvm::StringRef Data) {
  return codec::decodeValue<CachedRun>(Data, "findings");
}

}  // namespace concurlint
