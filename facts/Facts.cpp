#include "facts/Facts.h"

#include "facts/FactFields.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <limits>

namespace concurlint {

using llvm::json::Object;
using llvm::json::ObjectMapper;
using llvm::json::Path;
using llvm::json::Value;

std::string contentHash(llvm::StringRef Text) {
  return llvm::utohexstr(llvm::xxh3_64bits(Text), /*LowerCase=*/true, /*Width=*/16);
}

bool exclusiveCalls(const CallFact &A, const CallFact &B) {
  for (const std::string &X : A.branches)
    for (const std::string &Y : B.branches)
      if (X.size() == Y.size() && X.back() != Y.back() &&
          llvm::StringRef(X).drop_back() == llvm::StringRef(Y).drop_back())
        return true;
  return false;
}

const ConditionFact *contradiction(const std::vector<ConditionFact> &A,
                                   const std::vector<ConditionFact> &B) {
  for (const ConditionFact &X : A)
    for (const ConditionFact &Y : B)
      if (X.location == Y.location && (X.equal || Y.equal) &&
          (X.value == Y.value) != (X.equal && Y.equal))
        return &X;
  return nullptr;
}

std::string callResultPlace(const Span &Call) {
  return "result@" + Call.file + ":" + std::to_string(Call.offset);
}

bool sameTest(const ConditionFact &A, const ConditionFact &B) {
  return A.location == B.location && A.value == B.value && A.equal == B.equal;
}

void addCondition(std::vector<ConditionFact> &Set, ConditionFact C) {
  if (llvm::none_of(Set, [&](const ConditionFact &X) { return sameTest(X, C); }))
    Set.push_back(std::move(C));
}

std::vector<ConditionFact> commonConditions(const std::vector<ConditionFact> &A,
                                            const std::vector<ConditionFact> &B) {
  std::vector<ConditionFact> Out;
  for (const ConditionFact &C : A)
    if (llvm::any_of(B, [&](const ConditionFact &X) { return sameTest(X, C); }))
      Out.push_back(C);
  return Out;
}

std::optional<ConditionFact> acquiredCondition(const LockFact &L) {
  llvm::StringRef Id = L.id;
  if (Id.empty() || Id == "*" || Id.starts_with("param:") || Id.starts_with("once:"))
    return std::nullopt;
  ConditionFact C;
  C.location = "acquired:" + L.id;
  C.text = "after taking '" + L.name + "'";
  return C;
}

void forgetConditions(std::vector<ConditionFact> &Set, llvm::StringRef Var) {
  llvm::erase_if(Set, [&](const ConditionFact &C) {
    llvm::StringRef L = C.location;
    return L == Var || (L.starts_with(Var) && L[Var.size()] == '.');
  });
}

bool locationsOverlap(llvm::StringRef A, llvm::StringRef B) {
  if (A == B)
    return true;
  if (A.ends_with("#") || B.ends_with("#")) {
    llvm::StringRef ObjA = A.ends_with("#") ? A.drop_back() : A;
    llvm::StringRef ObjB = B.ends_with("#") ? B.drop_back() : B;
    return ObjA == ObjB;
  }
  llvm::StringRef Short = A.size() < B.size() ? A : B, Long = A.size() < B.size() ? B : A;
  return Long.starts_with(Short) && (Long[Short.size()] == '[' || Long[Short.size()] == '.');
}

namespace {

// The JSON form of a fact: an object with a member per field of its list (FactFields.h).

class JsonWriter {
public:
  template <class... Fields> void operator()(const Fields &...F) {
    (Out.try_emplace(F.name, value(F.value)), ...);
  }
  Object take() { return std::move(Out); }

private:
  template <class T> static Value value(const T &V) {
    if constexpr (std::is_enum_v<T>)
      return nameOf(V);
    else
      return V;
  }
  Object Out;
};

class JsonReader {
public:
  JsonReader(const Value &V, Path P) : Mapper(V, P), At(P) {}

  explicit operator bool() { return static_cast<bool>(Mapper); }
  bool ok() const { return Ok; }

  template <class... Fields> void operator()(const Fields &...F) {
    ((Ok = Ok && read(F.name, F.value)), ...);
  }

  template <class T> bool read(llvm::StringLiteral Key, T &Out) {
    if constexpr (std::is_same_v<T, unsigned>) {
      // llvm::json reads signed integers only; positions are unsigned.
      int64_t Number = 0;
      if (!Mapper.map(Key, Number))
        return false;
      if (Number < 0 || Number > std::numeric_limits<unsigned>::max()) {
        At.field(Key).report("expected an unsigned 32-bit integer");
        return false;
      }
      Out = static_cast<unsigned>(Number);
      return true;
    } else if constexpr (std::is_enum_v<T>) {
      std::string Name;
      if (!Mapper.map(Key, Name))
        return false;
      std::optional<T> Parsed = parseEnum<T>(Name);
      if (!Parsed) {
        At.field(Key).report("unknown name");
        return false;
      }
      Out = *Parsed;
      return true;
    } else {
      return Mapper.map(Key, Out);
    }
  }

private:
  ObjectMapper Mapper;
  Path At;
  bool Ok = true;
};

template <class T> Object writeFields(const T &Fact) {
  JsonWriter W;
  describe(W, Fact);
  return W.take();
}

template <class T> bool readFields(const Value &V, T &Fact, Path P) {
  JsonReader R(V, P);
  if (!R)
    return false;
  describe(R, Fact);
  return R.ok();
}

}  // namespace

#define CONCUR_FACT_JSON(Type)                                                                     \
  Value toJSON(const Type &F) { return writeFields(F); }                                           \
  bool fromJSON(const Value &V, Type &F, Path P) { return readFields(V, F, P); }
CONCUR_FACT_JSON(Span)
CONCUR_FACT_JSON(LockFact)
CONCUR_FACT_JSON(ConditionFact)
CONCUR_FACT_JSON(AccessFact)
CONCUR_FACT_JSON(SuspendFact)
CONCUR_FACT_JSON(AwaitFact)
CONCUR_FACT_JSON(ForkFact)
CONCUR_FACT_JSON(ExitFact)
CONCUR_FACT_JSON(EditFact)
CONCUR_FACT_JSON(ThreadHandleFact)
CONCUR_FACT_JSON(ManualLockFact)
CONCUR_FACT_JSON(GuardClassFact)
CONCUR_FACT_JSON(FlowFact)
CONCUR_FACT_JSON(ConstantVariantFact)
CONCUR_FACT_JSON(FieldTargetFact)
CONCUR_FACT_JSON(ChainFact)
CONCUR_FACT_JSON(ParamWriteFact)
CONCUR_FACT_JSON(LoopAccessFact)
CONCUR_FACT_JSON(LoopCallFact)
CONCUR_FACT_JSON(ScopeExitFact)
CONCUR_FACT_JSON(CallFact)
CONCUR_FACT_JSON(FunctionFact)
CONCUR_FACT_JSON(FileFact)
CONCUR_FACT_JSON(VarDeclFact)
CONCUR_FACT_JSON(GlobalFact)
CONCUR_FACT_JSON(OmpIndexFact)
CONCUR_FACT_JSON(OmpAccessFact)
CONCUR_FACT_JSON(OmpLoopFact)
CONCUR_FACT_JSON(OmpDependFact)
CONCUR_FACT_JSON(OmpTaskFact)
CONCUR_FACT_JSON(OmpRegionFact)
#undef CONCUR_FACT_JSON

// A while or do loop has its offsets and bound only (LoopKind::None): the rest is left out.
Value toJSON(const LoopFact &L) {
  if (L.kind == LoopKind::None)
    return Object{{"begin", L.begin}, {"end", L.end}, {"bound", nameOf(L.bound)},
                  {"trips", L.trips}};
  return writeFields(L);
}

bool fromJSON(const Value &V, LoopFact &L, Path P) {
  const Object *O = V.getAsObject();
  if (O && !O->get("kind")) {
    JsonReader R(V, P);
    return R.read("begin", L.begin) && R.read("end", L.end) && R.read("bound", L.bound) &&
           R.read("trips", L.trips);
  }
  return readFields(V, L, P);
}

Value toJSON(const TUFacts &T) {
  Object O = writeFields(T);
  O.try_emplace("format", TUFacts::FormatVersion);
  return O;
}

bool fromJSON(const Value &V, TUFacts &T, Path P) {
  ObjectMapper O(V, P);
  int Format = 0;
  if (!O || !O.map("format", Format))
    return false;
  if (Format != TUFacts::FormatVersion) {
    P.field("format").report("unsupported facts format version");
    return false;
  }
  return readFields(V, T, P);
}

}  // namespace concurlint
