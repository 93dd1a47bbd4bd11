// Which functions write through what their callers hand them, across TUs: `put_varint(dst, v)`
// appends to `*dst`, `Edit::encode_to` hands its `dst` to put_varint, so it writes `*dst` too.
// Built from every function's FunctionFact::paramWrites (direct writes and hand-ons to other
// functions' parameters), closed over the call graph once.
#pragma once

#include "engine/Program.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <string>

namespace concurlint {

class WriteSummaries {
public:
  explicit WriteSummaries(const Program &P);

  /// Whether calling `Usr` may write through its parameter `Param` (or, when `Object`, through
  /// the object it runs on: a method's `*this`, a lambda's captures). A function that no
  /// analysed file defines may write anything: yes.
  bool writes(llvm::StringRef Usr, unsigned Param, bool Object) const;

private:
  static std::string key(llvm::StringRef Usr, unsigned Param, bool Object);

  const Program &Prog;
  llvm::StringSet<> Written;  // keys of the (function, parameter) pairs that may be written
};

}  // namespace concurlint
