// Which pending template instantiations a parse for the facts can leave out.
#pragma once

#include "clang/AST/DeclGroup.h"

namespace clang {
class Sema;
}

namespace concurlint {

/// Drops from Sema's queue of pending implicit instantiations those of a system header's
/// function whose template arguments (its own and its enclosing classes' and functions') name
/// nothing of the program: `std::vector<std::string>::push_back`, `std::basic_string<char>::
/// append`. Their bodies are made of system code only (the program cannot reach them by name
/// lookup or by argument-dependent lookup), and the facts leave system code out, so the facts
/// of the TU are those of a parse that instantiates them. An instantiation that names a program
/// type, lambda, function or template (`std::make_shared<Job>`, `std::thread::thread<lambda>`,
/// `std::function<void()>::function<Task<int>>`) is kept: through it the program's own
/// templates get instantiated. Instantiating the standard library's templates at the end of
/// the TU is most of an editor's parse with a precompiled preamble (leveldb's db_impl.cc).
///
/// Called with each top-level declaration handed to the AST consumer; acts only on those the
/// parser has just read (not those a precompiled preamble's reader or Sema's instantiations hand
/// over while Sema is busy with its queue). The instantiations that the kept ones ask for at the
/// end of the TU are not seen and are all made.
void dropSystemOnlyInstantiations(clang::Sema &S, clang::DeclGroupRef Parsed);

}  // namespace concurlint
