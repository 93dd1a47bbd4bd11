#include "engine/ThreadCatalog.h"

#include "engine/Catalog.h"

#include "llvm/ADT/StringExtras.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace concurlint {

namespace {
#include "CatalogData.inc"  // ThreadCatalogYaml: engine/catalogs/thread-functions.yaml, built in

std::string text(const YAML::Node &N, const char *Key) {
  const YAML::Node V = N[Key];
  return V && V.IsScalar() ? V.as<std::string>() : std::string();
}

bool flag(const YAML::Node &N, const char *Key) {
  return text(N, Key) == "true";
}

}  // namespace

llvm::Expected<ThreadSpawner> parseThreadSpawner(const YAML::Node &N, llvm::StringRef Where) {
  if (!N.IsMap())
    return yamlError(Where, N, "a thread spawner must be a mapping with at least 'name'");
  if (llvm::Error E = checkKeys(N, Where, {"name", "element", "entry", "args", "handle", "waits", "many",
                                "temporary-waits"},
                               "a thread spawner"))
    return std::move(E);
  ThreadSpawner S;
  S.name = text(N, "name");
  if (S.name.empty())
    return yamlError(Where, N, "a thread spawner needs a 'name'");
  S.element = text(N, "element");
  if (N["entry"] && llvm::StringRef(text(N, "entry")).getAsInteger(10, S.entry))
    return yamlError(Where, N["entry"], "'entry' must be an argument index (or -1)");
  if (N["args"] && llvm::StringRef(text(N, "args")).getAsInteger(10, S.args))
    return yamlError(Where, N["args"], "'args' must be an argument index");
  if (N["handle"]) {
    S.handle = text(N, "handle");
    llvm::StringRef H = S.handle;
    unsigned Index = 0;
    bool Arg = H.consume_front("arg") && !H.empty() && !H.getAsInteger(10, Index);
    if (S.handle != "result" && S.handle != "object" && S.handle != "none" && !Arg)
      return yamlError(Where, N["handle"], "'handle' must be result, object, none or argN (arg0, arg1, ...)");
  }
  for (const char *Key : {"waits", "many", "temporary-waits"})
    if (N[Key] && text(N, Key) != "true" && text(N, Key) != "false")
      return yamlError(Where, N[Key], std::string("'") + Key + "' must be true or false");
  S.waits = flag(N, "waits");
  S.many = flag(N, "many");
  S.temporaryWaits = flag(N, "temporary-waits");
  return S;
}

llvm::Expected<ThreadJoiner> parseThreadJoiner(const YAML::Node &N, llvm::StringRef Where) {
  if (!N.IsMap())
    return yamlError(Where, N, "a thread joiner must be a mapping with 'name' and 'handle'");
  if (llvm::Error E = checkKeys(N, Where, {"name", "handle", "joined-when"}, "a thread joiner"))
    return std::move(E);
  ThreadJoiner J;
  J.name = text(N, "name");
  if (J.name.empty())
    return yamlError(Where, N, "a thread joiner needs a 'name'");
  if (N["handle"]) {
    J.handle = text(N, "handle");
    if (J.handle != "object" && J.handle != "arg0")
      return yamlError(Where, N["handle"], "'handle' must be object or arg0");
  }
  if (N["joined-when"]) {
    J.joinedWhen = text(N, "joined-when");
    long long Value = 0;
    if (llvm::StringRef(J.joinedWhen).getAsInteger(10, Value))
      return yamlError(Where, N["joined-when"], "'joined-when' must be an integer");
  }
  return J;
}

/// The callee as the catalog names it: constructors as `Class::Class`, members as
/// `Class::method` of the object's class (so that a method inherited from a base class of the
/// standard library still matches).
static std::string calleeName(const CallFact &C) {
  if (C.isConstruction)
    return C.callee;
  if (C.isMember && !C.objectType.empty()) {
    llvm::StringRef Method = llvm::StringRef(C.callee).rsplit("::").second;
    if (Method.empty())
      Method = C.callee;
    return C.objectType + "::" + Method.str();
  }
  return C.callee;
}

const ThreadSpawner *ThreadCatalog::spawner(const CallFact &C) const {
  std::string Name = calleeName(C);
  for (const ThreadSpawner &S : spawners)
    if ((S.name == Name || S.name == C.callee) &&
        (S.element.empty() || S.element == C.objectElementType))
      return &S;
  return nullptr;
}

const ThreadJoiner *ThreadCatalog::joiner(const CallFact &C) const {
  std::string Name = calleeName(C);
  for (const ThreadJoiner &J : joiners)
    if (J.name == Name || J.name == C.callee)
      return &J;
  return nullptr;
}

bool ThreadCatalog::detaches(const CallFact &C) const {
  std::string Name = calleeName(C);
  return std::find(detachers.begin(), detachers.end(), Name) != detachers.end() ||
         std::find(detachers.begin(), detachers.end(), C.callee) != detachers.end();
}

bool ThreadCatalog::joinsAtScopeEnd(llvm::StringRef Type) const {
  // "std::vector<std::jthread>": the class or its element.
  llvm::StringRef Class = Type.split('<').first;
  llvm::StringRef Element = Type.contains('<') ? Type.split('<').second.rsplit('>').first : "";
  for (const std::string &T : scopeJoins)
    if (Class == T || Element == T)
      return true;
  return false;
}

bool ThreadCatalog::threadSafe(llvm::StringRef Type) const {
  return std::find(threadSafeTypes.begin(), threadSafeTypes.end(), Type) != threadSafeTypes.end();
}

const ThreadCatalog &builtinThreadCatalog() {
  static const ThreadCatalog Catalog = [] {
    ThreadCatalog C;
    YAML::Node Root = YAML::Load(ThreadCatalogYaml);
    const char *Where = "engine/catalogs/thread-functions.yaml";
    for (const YAML::Node &N : Root["spawners"])
      C.spawners.push_back(llvm::cantFail(parseThreadSpawner(N, Where)));
    for (const YAML::Node &N : Root["joiners"])
      C.joiners.push_back(llvm::cantFail(parseThreadJoiner(N, Where)));
    for (const YAML::Node &N : Root["detachers"])
      C.detachers.push_back(N.as<std::string>());
    for (const YAML::Node &N : Root["scope-joins"])
      C.scopeJoins.push_back(N.as<std::string>());
    for (const YAML::Node &N : Root["thread-safe-types"])
      C.threadSafeTypes.push_back(N.as<std::string>());
    return C;
  }();
  return Catalog;
}

}  // namespace concurlint
