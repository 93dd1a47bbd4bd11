#include "tool/core/FactsCodec.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"

#include <concepts>
#include <limits>
#include <type_traits>

namespace concurlint {
namespace {

constexpr llvm::StringLiteral CodecMagic = "CLFB";

/// `T` is the fact struct `U`, const (encoding) or not (decoding).
template <class T, class U>
concept FactOf = std::same_as<std::remove_const_t<T>, U>;

// Each struct's fields, in declaration order. The structured binding names every member: a
// field added to a struct without being added here does not compile.

template <class IO, FactOf<Span> T> void describe(IO &io, T &S) {
  auto &[File, Line, Column, EndLine, EndColumn, Offset, Length] = S;
  io(File, Line, Column, EndLine, EndColumn, Offset, Length);
}

template <class IO, FactOf<LockFact> T> void describe(IO &io, T &L) {
  auto &[Id, Name, Shared, Acquired, Guard] = L;
  io(Id, Name, Shared, Acquired, Guard);
}

template <class IO, FactOf<AccessFact> T> void describe(IO &io, T &A) {
  auto &[Var, Location, Path, Write, Atomic, Form, Locks, Span_, Statement, InMacro, Rewrite,
         RewriteText, Chain] = A;
  io(Var, Location, Path, Write, Atomic, Form, Locks, Span_, Statement, InMacro, Rewrite,
     RewriteText, Chain);
}

template <class IO, FactOf<SuspendFact> T> void describe(IO &io, T &S) {
  auto &[Span_, Keyword, Locks] = S;
  io(Span_, Keyword, Locks);
}

template <class IO, FactOf<AwaitFact> T> void describe(IO &io, T &A) {
  auto &[Span_, Call, Callee, CalleeUsr, Follows, Reads, Writes, Statement, Form, Declared,
         AwaitedType, ResultVoid] = A;
  io(Span_, Call, Callee, CalleeUsr, Follows, Reads, Writes, Statement, Form, Declared,
     AwaitedType, ResultVoid);
}

template <class IO, FactOf<ForkFact> T> void describe(IO &io, T &F) {
  auto &[Fork, ChildBegin, ChildEnd, ParentFrom] = F;
  io(Fork, ChildBegin, ChildEnd, ParentFrom);
}

template <class IO, FactOf<ExitFact> T> void describe(IO &io, T &E) {
  auto &[At, How] = E;
  io(At, How);
}

template <class IO, FactOf<EditFact> T> void describe(IO &io, T &E) {
  auto &[At, Text] = E;
  io(At, Text);
}

template <class IO, FactOf<ThreadHandleFact> T> void describe(IO &io, T &H) {
  auto &[Name, Kind, Decl, Started, Leaks, EntryUsr, Released, JthreadFix] = H;
  io(Name, Kind, Decl, Started, Leaks, EntryUsr, Released, JthreadFix);
}

template <class IO, FactOf<ManualLockFact> T> void describe(IO &io, T &M) {
  auto &[Lock, Api, Unlocks, Leaks, Relocks, GuardFix, GuardHeader] = M;
  io(Lock, Api, Unlocks, Leaks, Relocks, GuardFix, GuardHeader);
}

template <class IO, FactOf<ChainFact> T> void describe(IO &io, T &C) {
  auto &[Callee, Parent] = C;
  io(Callee, Parent);
}

template <class IO, FactOf<LoopAccessFact> T> void describe(IO &io, T &A) {
  auto &[Var, Name, How, Written, Op, Span_, Statement, Value] = A;
  io(Var, Name, How, Written, Op, Span_, Statement, Value);
}

template <class IO, FactOf<LoopCallFact> T> void describe(IO &io, T &C) {
  auto &[CalleeUsr, Callee, System, Span_] = C;
  io(CalleeUsr, Callee, System, Span_);
}

template <class IO, FactOf<LoopFact> T> void describe(IO &io, T &L) {
  auto &[Begin, End, Kind, Span_, Body, BodyIsBlock, Var, VarDecl, First, Last, FirstIsZero,
         LastSizeOf, Accesses, Exits, Continues, Calls, Awaits, MapFunction, MapFunctionUsr,
         MapInput, MapCodec, AwaitedType] = L;
  io(Begin, End, Kind, Span_, Body, BodyIsBlock, Var, VarDecl, First, Last, FirstIsZero,
     LastSizeOf, Accesses, Exits, Continues, Calls, Awaits, MapFunction, MapFunctionUsr, MapInput,
     MapCodec, AwaitedType);
}

template <class IO, FactOf<ScopeExitFact> T> void describe(IO &io, T &S) {
  auto &[Id, Type, Offset] = S;
  io(Id, Type, Offset);
}

template <class IO, FactOf<CallFact> T> void describe(IO &io, T &C) {
  auto &[CalleeUsr, Callee, ObjectType, IsMember, IsConstruction, ResultDiscarded, System,
         InMacro, InHandler, Span_, Args, ObjectId, ObjectElementType, ResultId, ArgIds,
         ArgEntries, ArgGlobals, Locks, Chain] = C;
  io(CalleeUsr, Callee, ObjectType, IsMember, IsConstruction, ResultDiscarded, System, InMacro,
     InHandler, Span_, Args, ObjectId, ObjectElementType, ResultId, ArgIds, ArgEntries,
     ArgGlobals, Locks, Chain);
}

template <class IO, FactOf<FunctionFact> T> void describe(IO &io, T &F) {
  auto &[Usr, Name, Span_, IsCoroutine, CoroutineType, Calls, Accesses, Loops, ScopeExits,
         Suspends, Awaits, Forks, ThreadHandles, ManualLocks, CallChain, ExitChain, ExitLocks,
         Releases, BodyEnd] = F;
  io(Usr, Name, Span_, IsCoroutine, CoroutineType, Calls, Accesses, Loops, ScopeExits, Suspends,
     Awaits, Forks, ThreadHandles, ManualLocks, CallChain, ExitChain, ExitLocks, Releases,
     BodyEnd);
}

template <class IO, FactOf<FileFact> T> void describe(IO &io, T &F) {
  auto &[Path, Hash] = F;
  io(Path, Hash);
}

template <class IO, FactOf<VarDeclFact> T> void describe(IO &io, T &D) {
  auto &[Type, Declaration, Definition, Alone, InMacro] = D;
  io(Type, Declaration, Definition, Alone, InMacro);
}

template <class IO, FactOf<GlobalFact> T> void describe(IO &io, T &G) {
  auto &[Usr, Name, Spelling, Type, TypeSpelling, Integral, AtomicType, ThreadLocal, Constant,
         FunctionLocal, Member, C, Decls] = G;
  io(Usr, Name, Spelling, Type, TypeSpelling, Integral, AtomicType, ThreadLocal, Constant,
     FunctionLocal, Member, C, Decls);
}

template <class IO, FactOf<TUFacts> T> void describe(IO &io, T &U) {
  auto &[MainFile, Files, Functions, Globals] = U;
  io(MainFile, Files, Functions, Globals);
}

template <class IO, FactOf<Note> T> void describe(IO &io, T &N) {
  auto &[Where, Message] = N;
  io(Where, Message);
}

template <class IO, FactOf<Finding> T> void describe(IO &io, T &F) {
  auto &[Rule, Severity_, Message, Where, Notes, Fixes] = F;
  io(Rule, Severity_, Message, Where, Notes, Fixes);
}

template <class IO, FactOf<CachedRun> T> void describe(IO &io, T &R) {
  auto &[Files, Findings] = R;
  io(Files, Findings);
}

class Encoder {
public:
  explicit Encoder(std::string &Out) : Out(Out) {}

  template <class... Fields> void operator()(const Fields &...F) { (field(F), ...); }

  void field(unsigned V) { varint(V); }
  void field(bool B) { Out.push_back(B ? 1 : 0); }
  // A string seen before is its index + 1; a new one is 0, its length and its bytes.
  void field(const std::string &S) {
    auto [It, New] = Strings.try_emplace(S, Strings.size());
    if (!New)
      return varint(It->second + 1);
    varint(0);
    varint(S.size());
    Out.append(S);
  }
  template <class T> void field(const std::vector<T> &V) {
    varint(V.size());
    for (const T &E : V)
      field(E);
  }
  void field(Severity S) { varint(static_cast<unsigned>(S)); }
  void field(const std::map<std::string, clang::tooling::Replacements> &Fixes) {
    varint(Fixes.size());
    for (const auto &[File, Reps] : Fixes) {
      field(File);
      varint(Reps.size());
      for (const clang::tooling::Replacement &R : Reps) {
        field(R.getFilePath().str());
        field(R.getOffset());
        field(R.getLength());
        field(R.getReplacementText().str());
      }
    }
  }
  template <class T> void field(const T &Fact) { describe(*this, Fact); }

private:
  void varint(uint64_t V) {
    while (V >= 0x80) {
      Out.push_back(static_cast<char>((V & 0x7f) | 0x80));
      V >>= 7;
    }
    Out.push_back(static_cast<char>(V));
  }

  std::string &Out;
  llvm::DenseMap<llvm::StringRef, unsigned> Strings;
};

class Decoder {
public:
  explicit Decoder(llvm::StringRef Data) : Data(Data) {}

  // Stops at the first error: the fields after it keep their defaults.
  template <class... Fields> void operator()(Fields &...F) { ((ok() && (field(F), true)), ...); }

  void field(unsigned &V) {
    uint64_t X = varint();
    if (X > std::numeric_limits<unsigned>::max())
      return fail("a number too large");
    V = static_cast<unsigned>(X);
  }
  void field(bool &B) {
    if (Pos >= Data.size())
      return fail("the end of the data");
    unsigned char C = Data[Pos++];
    if (C > 1)
      return fail("a bad boolean");
    B = C == 1;
  }
  void field(std::string &S) {
    uint64_t Ref = varint();
    if (!ok())
      return;
    if (Ref != 0) {
      if (Ref > Strings.size())
        return fail("a reference to an unknown string");
      S = Strings[Ref - 1].str();
      return;
    }
    uint64_t Size = varint();
    if (!ok())
      return;
    if (Size > Data.size() - Pos)
      return fail("a string longer than the data");
    llvm::StringRef Text = Data.substr(Pos, Size);
    Pos += Size;
    Strings.push_back(Text);
    S = Text.str();
  }
  template <class T> void field(std::vector<T> &V) {
    uint64_t Count = varint();
    if (!ok())
      return;
    // Every element takes at least a byte: a count beyond the data is damage, not a size.
    if (Count > Data.size() - Pos)
      return fail("a list longer than the data");
    V.resize(Count);
    for (T &E : V) {
      field(E);
      if (!ok())
        return;
    }
  }
  void field(Severity &S) {
    unsigned V = 0;
    field(V);
    if (ok() && V > static_cast<unsigned>(Severity::Error))
      return fail("a bad severity");
    S = static_cast<Severity>(V);
  }
  void field(std::map<std::string, clang::tooling::Replacements> &Fixes) {
    uint64_t Files = varint();
    for (uint64_t I = 0; ok() && I < Files; ++I) {
      std::string File;
      field(File);
      uint64_t Count = varint();
      clang::tooling::Replacements &Reps = Fixes[File];
      for (uint64_t K = 0; ok() && K < Count; ++K) {
        std::string Path, Text;
        unsigned Offset = 0, Length = 0;
        (*this)(Path, Offset, Length, Text);
        if (!ok())
          return;
        // They were a valid set when encoded: a conflict now is damage.
        if (llvm::Error E = Reps.add(clang::tooling::Replacement(Path, Offset, Length, Text))) {
          llvm::consumeError(std::move(E));
          return fail("conflicting replacements");
        }
      }
    }
  }
  template <class T> void field(T &Fact) { describe(*this, Fact); }

  bool ok() const { return Error.empty(); }
  bool atEnd() const { return Pos == Data.size(); }
  size_t position() const { return Pos; }
  const std::string &error() const { return Error; }
  void fail(llvm::StringRef What) {
    if (ok())
      Error = llvm::formatv("at byte {0}: {1}", Pos, What).str();
  }

  uint64_t varint() {
    uint64_t V = 0;
    for (unsigned Shift = 0; Shift < 64; Shift += 7) {
      if (Pos >= Data.size()) {
        fail("the end of the data");
        return 0;
      }
      unsigned char C = Data[Pos++];
      V |= uint64_t(C & 0x7f) << Shift;
      if (!(C & 0x80))
        return V;
    }
    fail("a number too long");
    return 0;
  }

private:
  llvm::StringRef Data;
  size_t Pos = 0;
  std::vector<llvm::StringRef> Strings;
  std::string Error;
};

/// The magic, the format, then `Value`.
template <class T> void encodeValue(const T &Value, std::string &Out) {
  Out.append(CodecMagic);
  Encoder E(Out);
  E.field(static_cast<unsigned>(TUFacts::FormatVersion));
  E.field(Value);
}

template <class T> llvm::Expected<T> decodeValue(llvm::StringRef Data, llvm::StringRef What) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(What + " do not decode: " + Why);
  };
  if (!Data.consume_front(CodecMagic))
    return Fail("not binary " + What);
  Decoder D(Data);
  unsigned Format = 0;
  D.field(Format);
  if (D.ok() && Format != static_cast<unsigned>(TUFacts::FormatVersion))
    return Fail(llvm::formatv("facts format {0}, expected {1}", Format, TUFacts::FormatVersion));
  T Value;
  D.field(Value);
  if (D.ok() && !D.atEnd())
    D.fail(("data after the " + What).str());
  if (!D.ok())
    return Fail(D.error());
  return Value;
}

}  // namespace

void encodeFacts(const TUFacts &Facts, std::string &Out) { encodeValue(Facts, Out); }

llvm::Expected<TUFacts> decodeFacts(llvm::StringRef Data) {
  return decodeValue<TUFacts>(Data, "facts");
}

void encodeRun(const CachedRun &Run, std::string &Out) { encodeValue(Run, Out); }

llvm::Expected<CachedRun> decodeRun(llvm::StringRef Data) {
  return decodeValue<CachedRun>(Data, "findings");
}

}  // namespace concurlint
