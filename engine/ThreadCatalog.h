// The thread catalog (engine/catalogs/thread-functions.yaml): what starts a thread, what waits for one,
// and which types may be shared between threads as they are.
#pragma once

#include "facts/Facts.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace concurlint {

struct ThreadSpawner {
  std::string name;
  std::string element;  // container methods: the element class
  int entry = 0;        // -1: the first argument that names a function
  unsigned args = 1;    // first argument passed to the entry
  std::string handle = "result";  // result | object | argN | none (never joined)
  bool waits = false;
  bool many = false;
  bool temporaryWaits = false;  // a result not kept waits at once (std::async's future)
};

struct ThreadJoiner {
  std::string name;
  std::string handle = "object";  // object | arg0
  /// For a join that may fail (`pthread_tryjoin_np`, `pthread_timedjoin_np`): the value it
  /// returns when it joined ("0"); the thread is joined only where that result was tested.
  std::string joinedWhen;
};

struct ThreadCatalog {
  std::vector<ThreadSpawner> spawners;
  std::vector<ThreadJoiner> joiners;
  std::vector<std::string> detachers;
  std::vector<std::string> scopeJoins;
  std::vector<std::string> threadSafeTypes;

  const ThreadSpawner *spawner(const CallFact &C) const;
  const ThreadJoiner *joiner(const CallFact &C) const;
  bool detaches(const CallFact &C) const;
  /// A local of this type (`std::jthread`, `std::vector<std::jthread>`) waits when destroyed.
  bool joinsAtScopeEnd(llvm::StringRef Type) const;
  bool threadSafe(llvm::StringRef Type) const;
};

const ThreadCatalog &builtinThreadCatalog();

/// Parsers shared with the configuration loader. `Where` names the file for error messages.
llvm::Expected<ThreadSpawner> parseThreadSpawner(const YAML::Node &N, llvm::StringRef Where);
llvm::Expected<ThreadJoiner> parseThreadJoiner(const YAML::Node &N, llvm::StringRef Where);

}  // namespace concurlint
