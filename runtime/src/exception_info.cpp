#include "exception_info.h"

#include <cstdlib>
#include <exception>
#include <memory>
#include <typeinfo>

#include <cxxabi.h>

namespace concur::detail {

ExceptionInfo describe_current_exception() {
  ExceptionInfo info{"unknown exception", ""};
  if (const std::type_info* type = abi::__cxa_current_exception_type()) {
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> demangled(
        abi::__cxa_demangle(type->name(), nullptr, nullptr, &status), &std::free);
    info.type_name = (status == 0 && demangled) ? demangled.get() : type->name();
  }
  try {
    throw;
  } catch (const std::exception& e) {
    info.message = e.what();
  } catch (...) {
    info.message = "(not derived from std::exception)";
  }
  return info;
}

}  // namespace concur::detail
