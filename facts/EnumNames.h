// Enum classes with one name table each. An enum E declares, next to it,
//   inline llvm::ArrayRef<llvm::StringLiteral> enumNames(E) { ... }
// giving its enumerators' names in declaration order (found by argument-dependent lookup); the
// JSON form, the binary codec's checks, configuration and messages all read that one table.
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <optional>
#include <type_traits>

namespace concurlint {

/// The name of `V` in its enum's table.
template <class E>
  requires std::is_enum_v<E>
llvm::StringRef nameOf(E V) {
  return enumNames(V)[static_cast<std::size_t>(V)];
}

/// The enumerator called `Name`, if there is one.
template <class E>
  requires std::is_enum_v<E>
std::optional<E> parseEnum(llvm::StringRef Name) {
  llvm::ArrayRef<llvm::StringLiteral> Names = enumNames(E{});
  for (std::size_t I = 0; I < Names.size(); ++I)
    if (Names[I] == Name)
      return static_cast<E>(I);
  return std::nullopt;
}

}  // namespace concurlint
