// Describing the exception being handled: its demangled dynamic type and its what().
#pragma once

#include <string>

namespace concur::detail {

struct ExceptionInfo {
  std::string type_name;
  std::string message;
};

// Must be called inside a catch block.
ExceptionInfo describe_current_exception();

}  // namespace concur::detail
