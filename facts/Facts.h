// Facts: what one translation unit says about itself, extracted once from its AST and then
// used by every rule. Plain data, serialisable to JSON (for caching and `--dump-facts`), with
// nothing that depends on configuration, so the same facts serve every rule set.
#pragma once

#include "facts/EnumNames.h"

#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace concurlint {

// Enum-valued fields: each enum has one name table (EnumNames.h), used by the JSON form, the
// codec's checks and the rules' messages.
#define CONCUR_ENUM_NAMES(Enum, ...)                                                               \
  inline llvm::ArrayRef<llvm::StringLiteral> enumNames(Enum) {                                     \
    static constexpr llvm::StringLiteral Names[] = {__VA_ARGS__};                                  \
    return Names;                                                                                  \
  }

/// How an access uses the variable, for the std::atomic fix (AccessFact::form).
enum class AccessForm { Other, Load, Store, Inc, Dec, Compound, SelfOp, CallArg, Address };
CONCUR_ENUM_NAMES(AccessForm, "other", "load", "store", "inc", "dec", "compound", "self-op",
                  "call-arg", "address")

enum class SuspendKeyword { CoAwait, CoYield };
CONCUR_ENUM_NAMES(SuspendKeyword, "co_await", "co_yield")

/// What an awaiting statement does with the result (AwaitFact::form).
enum class AwaitForm { Discard, Declare, Assign };
CONCUR_ENUM_NAMES(AwaitForm, "discard", "declare", "assign")

/// How a path leaves a region (ExitFact::how).
enum class ExitKind { Return, Throw, Break, Continue, Goto, ScopeEnd, Assign, LockAgain, CoReturn };
CONCUR_ENUM_NAMES(ExitKind, "return", "throw", "break", "continue", "goto", "scope-end", "assign",
                  "lock-again", "co_return")

enum class ThreadHandleKind { StdThread, Container, Pthread };
CONCUR_ENUM_NAMES(ThreadHandleKind, "std::thread", "container", "pthread")

/// The API a mutex is locked with by hand (ManualLockFact::api).
enum class LockApiKind { Member, Pthread, C11 };
CONCUR_ENUM_NAMES(LockApiKind, "member", "pthread", "c11")

/// How a loop body uses a variable declared outside it (LoopAccessFact::how).
enum class LoopUse { Read, Indexed, Push, Reduction, Write, Alias };
CONCUR_ENUM_NAMES(LoopUse, "read", "indexed", "push", "reduction", "write", "alias")

/// Which other names may reach a variable a loop body uses (LoopAccessFact::origin): a Fresh
/// object (a local or by-value parameter that is not a pointer or reference: only the enclosing
/// function's own pointers and references reach it), a LocalAlias (a pointer or reference
/// declared in the enclosing function), an OuterAlias (a pointer or reference parameter: may
/// reach any object the caller has), Shared (a global, static or field: reachable from anywhere).
enum class LoopVarOrigin { Fresh, LocalAlias, OuterAlias, Shared };
CONCUR_ENUM_NAMES(LoopVarOrigin, "fresh", "local-alias", "outer-alias", "shared")

/// A reduction's operator (LoopAccessFact::op); None for the other uses.
enum class ReductionOp { None, Add, Multiply, Min, Max, And, Or };
CONCUR_ENUM_NAMES(ReductionOp, "", "+", "*", "min", "max", "&&", "||")

/// How many times a loop runs, as far as its code says (LoopFact::bound): Constant (`trips`
/// times: constant bounds, a constant-size array), Bits (until an integer shifted or divided in
/// the body runs out of bits: varint encoders, hashing; at most `trips`, its width), Unknown
/// (the data decides: `i < n`, a container's elements).
enum class LoopBound { Unknown, Constant, Bits };
CONCUR_ENUM_NAMES(LoopBound, "unknown", "constant", "bits")

/// The shape of a loop (LoopFact::kind); None for while and do loops (offsets only).
enum class LoopKind { None, Index, Range, For };
CONCUR_ENUM_NAMES(LoopKind, "", "index", "range", "for")

/// What a function is to the object it runs on (FunctionFact::kind): a Method has `this` (the
/// object its caller names), a Constructor's `this` is a new object, a Lambda's `this` is the
/// one its enclosing method captured; a Free function (static methods too) has none.
enum class FunctionKind { Free, Method, Constructor, Destructor, Lambda };
CONCUR_ENUM_NAMES(FunctionKind, "free", "method", "constructor", "destructor", "lambda")

/// Where the object of a member call comes from, as the caller sees it (CallFact::object):
/// This (the caller's own object, a member of it, or what a member points to: `helper()`,
/// `queue_.push(x)`, `impl_->run()`), Shared (a global, or a local the caller hands to its
/// threads, or a part of one), Param (a pointer or reference parameter of the caller:
/// CallFact::objectParam), Owned (anything else: a local of its own, a temporary).
enum class ObjectOrigin { Owned, This, Shared, Param };
CONCUR_ENUM_NAMES(ObjectOrigin, "owned", "this", "shared", "param")

#undef CONCUR_ENUM_NAMES

/// A range of source text in one file. Lines and columns are 1-based; `endColumn` is one past
/// the last character (as in LSP and SARIF), `offset`/`length` are bytes (for Replacements).
struct Span {
  std::string file;  // absolute, real path
  unsigned line = 0, column = 0;
  unsigned endLine = 0, endColumn = 0;
  unsigned offset = 0, length = 0;

  bool valid() const { return !file.empty() && line != 0; }
  friend bool operator==(const Span &, const Span &) = default;
};

/// A lock held at some point of a function body: which mutex (its identity) and how.
/// `id` is the USR of the mutex variable or field (`this->m` is the field: every object of the
/// class is taken as one mutex), "param:N" for the mutex the function's pointer or reference
/// parameter N designates (bound at each call: CallFact::argLocks), or "*" when the mutex
/// cannot be named statically (a local pointer): an unnamed lock is taken to match any lock,
/// so code that locks through pointers is not flagged for want of a name.
struct LockFact {
  std::string id;
  std::string name;     // for messages: "L", "Account::mutex_"
  bool shared = false;  // held in shared (reader) mode only
  Span acquired;        // where it was taken: the guard's declaration or the lock() call
  std::string guard;    // the RAII guard variable holding it; empty for a manual lock()

  friend bool operator==(const LockFact &, const LockFact &) = default;
};

/// A test of a global (or a field of one) against a constant that holds at a point on every path
/// to it in the function: inside `if (mode == MODE_IDLE)`, after `if (mode != MODE_IDLE)
/// return;` or `assert(mode == MODE_IDLE)`, until the function assigns the global. Code shared by
/// several threads reads a thread-mode flag this way (redis' `io_threads_op`): a path of one thread
/// that needs two values of it at once is never taken.
struct ConditionFact {
  /// AccessFact's notation: the global's USR, or `USR.field`; "param:N", the function's
  /// integer parameter N (a call with a constant there decides it); or "result@FILE:OFFSET",
  /// the value the library call there returned (CallFact::span), as the path tested it.
  std::string location;
  std::string value;     // the constant, in decimal
  bool equal = true;     // `location == value`, else `location != value`
  std::string text;      // for messages, as written: "io_threads_op == IO_THREADS_OP_IDLE"

  friend bool operator==(const ConditionFact &, const ConditionFact &) = default;
};

/// One access to a global or static variable (namespace scope, class static member,
/// function-local static) in a function's body, or through a local reference or pointer that
/// is initialised from one.
struct AccessFact {
  /// USR of the variable, or "param:N" for an access through the function's pointer or
  /// reference parameter N (a thread's `void *arg`): the rules bind it to the global that each
  /// call or thread start passes there.
  std::string var;
  std::string location;  // what is accessed: the variable, its elements ("[]") or a field (".f")
  std::string path;      // for messages: "soma", "l[]", "config.size"
  bool write = false;
  bool atomic = false;   // an atomic operation on a plain object (atomic_ref, __atomic builtins)
  /// How the variable is used, for the std::atomic fix: "load", "store", "inc", "dec",
  /// "compound" (+= -= &= |= ^=), "self-op" (`x = x OP e` with OP in + - & | ^),
  /// "call-arg" (a load passed to a call), "other" (anything the atomic type cannot take).
  AccessForm form = AccessForm::Other;
  std::vector<LockFact> locks;
  Span span;       // the variable's name in the expression
  Span statement;  // the statement to guard with a lock; invalid when it cannot be wrapped
  bool inMacro = false;
  /// How the access reads once the variable is std::atomic: `soma = soma + step` becomes
  /// `soma += step` (one atomic read-modify-write), a load passed to a call `soma.load()`.
  Span rewrite;
  std::string rewriteText;
  /// The calls made on every path before this access (FunctionFact::callChain): a lock taken
  /// in one of them (`stats_lock()`) is held here too.
  unsigned chain = 0;
  std::vector<ConditionFact> conditions;  // the tests of globals that hold here
  /// The atomic stores with release semantics made after this access on every path through
  /// its block (`data = 42; ready.store(1, release);`): a thread whose path observed one of
  /// them (a condition on the atomic it stored) runs after this access. `value` is the stored
  /// constant, or "" for a read-modify-write (`fetch_add`).
  std::vector<ConditionFact> signalsAfter;
  /// On the way to a crash: in the arguments of a crash routine (`abort()`, a function that
  /// never returns and whose every path crashes, a call followed by `__builtin_unreachable()`),
  /// or before one in the same block.
  bool crashes = false;
  /// The element the access names may be the thread's own: its first subscript is a local
  /// induction variable of a loop around it (its USR; with "copy:" in front for a lambda's
  /// copy of it), or the value of the function's parameter N all along ("param:N": `polls[id]`
  /// with `long id = (long)arg;`), which a start loop may give each thread differently
  /// (CallFact::argSlots); or an index claimed from an atomic counter ("claim:" and the
  /// counter's USR: `size_t i = next.fetch_add(1);`), which no two claims share. Empty otherwise.
  std::string slot;

  friend bool operator==(const AccessFact &, const AccessFact &) = default;
};

/// A point where a coroutine suspends (`co_await`, `co_yield`), with the locks held there.
struct SuspendFact {
  Span span;
  SuspendKeyword keyword = SuspendKeyword::CoAwait;
  std::vector<LockFact> locks;
  friend bool operator==(const SuspendFact &, const SuspendFact &) = default;
};

/// A statement that awaits one call and does nothing else: `co_await f(a);`, `T x = co_await
/// f(a);`, `x = co_await f(a);`, `auto [x, y] = co_await f(a);` (coro-sequential-await). What
/// the statement reads and writes is recorded as locations in AccessFact's notation: the USR of
/// a variable (local, parameter or global), `this` (the object of a member function) and
/// `this.f` (one of its fields), a field of a variable as `USR.f`.
struct AwaitFact {
  Span span;              // `co_await f(a)`
  std::string call;       // the awaited call as written: "f(a)"
  std::string callee;     // qualified name; for a call through a pointer, the callee as written
  std::string calleeUsr;  // empty for calls through pointers
  bool follows = false;   // the statement just before it in its block is an AwaitFact too
  /// Every variable the statement names (arguments, the object, the callee expression).
  std::vector<std::string> reads;
  /// What it changes: the variable it declares or assigns; arguments bound to non-const
  /// references, pointers to non-const, rvalue references; the object of a non-const member
  /// call; variables a lambda argument captures by reference.
  std::vector<std::string> writes;
  /// For a rewrite into one await of all the calls (gather): the whole statement with its
  /// semicolon (invalid when written through a macro), and what it does with the result:
  /// "discard" (`co_await f();`), "declare" (`T x = co_await f();`) or "assign".
  Span statement;
  AwaitForm form = AwaitForm::Discard;
  /// "declare" only: the variable's name when its type is the awaited value's type (cv and
  /// references aside), so that `auto [x, y] = co_await gather(...)` declares the same thing.
  std::string declared;
  /// The class (template) of the awaited call's result, "concur::Task"; and whether awaiting it
  /// gives nothing (`Task<void>`).
  std::string awaitedType;
  bool resultVoid = false;
  friend bool operator==(const AwaitFact &, const AwaitFact &) = default;
};

/// A `fork()` whose child branch is known: `if (fork() == 0) {child}`,
/// `pid_t p = fork(); if (p == 0) {child}`, `if (p > 0) {parent} else {child}`.
struct ForkFact {
  Span fork;                            // the fork() call
  unsigned childBegin = 0, childEnd = 0;  // the child's branch, as byte offsets
  unsigned parentFrom = 0;              // where the parent goes on: after the if statement
  friend bool operator==(const ForkFact &, const ForkFact &) = default;
};

/// Where a path leaves a region: the statement that takes it out, or the end of a scope.
struct ExitFact {
  Span at;
  /// "return", "throw", "break", "continue", "goto", "scope-end" (the closing brace where a
  /// local is destroyed or the function ends), "assign" (a thread handle overwritten),
  /// "lock-again" (the same mutex locked again while still held).
  ExitKind how = ExitKind::Return;
  friend bool operator==(const ExitFact &, const ExitFact &) = default;
};

/// One textual edit of a fix computed where the AST is at hand.
struct EditFact {
  Span at;
  std::string text;
  friend bool operator==(const EditFact &, const EditFact &) = default;
};

/// A thread handle owned by a function: a local `std::thread`, a local container or array of
/// them, or a local `pthread_t` started by `pthread_create`. `leaks` are the points where it
/// may be destroyed or overwritten while still joinable (std::terminate), found on the paths
/// of the function's control-flow graph; empty when every path joins, detaches or hands it
/// over. A handle whose address or reference escapes is not recorded.
struct ThreadHandleFact {
  std::string name;
  ThreadHandleKind kind = ThreadHandleKind::StdThread;  // a container: of std::thread
  Span decl;         // the variable's name in its declaration
  Span started;      // the construction, emplace_back or pthread_create that starts a thread
  std::vector<ExitFact> leaks;
  /// "pthread": the start routine's USR (a routine that detaches itself is fine), and whether
  /// the id is joined or detached anywhere in the function.
  std::string entryUsr;
  bool released = false;
  /// "std::thread": the edit turning the declaration into a std::jthread, when that is exact.
  std::vector<EditFact> jthreadFix;
  friend bool operator==(const ThreadHandleFact &, const ThreadHandleFact &) = default;
};

/// A mutex locked by hand (`m.lock()`, `pthread_mutex_lock(&m)`, `mtx_lock(&m)`) in a function
/// that also unlocks it: what the paths of the control-flow graph from the lock reach.
struct ManualLockFact {
  LockFact lock;              // which mutex; `acquired` is the lock call
  LockApiKind api = LockApiKind::Member;  // member: m.lock(), m.lock_shared()
  std::vector<Span> unlocks;  // the unlocks some path from the lock reaches
  /// Paths that leave the function with the mutex held after a jump (return, throw, break,
  /// continue, goto): each reported at its first jump. A path that reaches the function's
  /// normal end still locked marks a function that acquires the mutex for its caller: such a
  /// lock is not recorded at all.
  std::vector<ExitFact> leaks;
  std::vector<ExitFact> relocks;  // the same mutex locked again while held ("lock-again")
  /// The rewrite to an RAII guard (`std::lock_guard`, `std::shared_lock`), when exact: the
  /// lock and its one unlock bracket statements of one block that no path leaves in between
  /// except through the leaks above (which the guard then releases).
  std::vector<EditFact> guardFix;
  std::string guardHeader;  // the header the guard needs ("<mutex>", "<shared_mutex>"; "": none)
  /// The RAII guard that can hold this mutex, as written at the lock (C++, member API): the
  /// project's own guard class for its type ("MutexLock"), else "std::lock_guard" or
  /// "std::shared_lock" when the type has their member functions; "" when none fits.
  std::string guardType;
  std::string mutexClass;  // USR of the mutex's class (member API), for guards of other TUs
  friend bool operator==(const ManualLockFact &, const ManualLockFact &) = default;
};

/// One call to a function of the program in a body's call chain: the calls made on every path
/// to a point of the body, in order, are that point's chain entry and its parents. Entries are
/// numbered from 1; 0 is the empty chain (the function's entry).
struct ChainFact {
  std::string callee;  // USR
  unsigned parent = 0;
  /// Per argument, the lock it hands over (LockApi::argumentLock) or "": a callee that locks
  /// its mutex parameter locks this one.
  std::vector<std::string> argLocks;
  /// Per argument, its value when it is an integer constant ("3"; enumerators, `true`), or "":
  /// a callee whose effect on locks depends on it (FunctionFact::variants) has that effect.
  std::vector<std::string> argConstants;
  friend bool operator==(const ChainFact &, const ChainFact &) = default;
};

/// How the body of a `for` or range-`for` loop uses one variable declared outside it
/// (loop-parallelizable). Variables declared in the body, and the loop variable, are the
/// iteration's own and not recorded.
struct LoopAccessFact {
  std::string var;   // USR of the variable (a field of `*this`: its USR; the object: "this")
  std::string name;  // as written, for messages ("*this" for the object)
  /// "read"; "indexed" (`v[i]` with i the induction variable, read or written: the iteration's
  /// own element of an array, a container or what a pointer points to); "push" (a statement
  /// `v.push_back(e)` or `v.emplace_back(e)` with one argument); "reduction" (a statement
  /// `x += e`, `x *= e`, `x = std::min(x, e)`, `x = std::max(x, e)`, `x = x && e`,
  /// `x = x || e` on a scalar, e not naming x); "write" (any other write, or the address or a
  /// non-const reference taken: a possible shared write); "alias" (written through a pointer
  /// declared outside the body: `*p = …`, `p[j] = …`, `f(p)`, which may overlap another
  /// iteration's).
  LoopUse how = LoopUse::Read;
  bool written = false;  // "indexed": the element is written; other kinds imply it
  ReductionOp op = ReductionOp::None;  // "reduction": its operator
  Span span;             // the variable's name
  Span statement;        // "push", "reduction": the statement, up to its semicolon
  Span value;            // "push", "reduction": the expression e
  LoopVarOrigin origin = LoopVarOrigin::Fresh;
  /// What the variable holds, for telling which others may overlap it: the element type of a
  /// pointer, an array or a container whose elements sit in one block ("long" for `long *`,
  /// `long[8]`, `std::vector<long> &`), else the type without references and qualifiers.
  std::string type;
  bool pointer = false;  // a pointer: another pointer may reach its elements at an offset
  /// `type` is a floating-point type (real or complex): a reduction on it whose terms are
  /// combined in another order than the loop's gives another result.
  bool floating = false;
  /// The write is made, if at all, by a call of the program: it happens when `viaCallee`
  /// (USR) writes through its parameter `viaParam`, or its object when `viaObject`
  /// (FunctionFact::paramWrites). Empty: the body itself may write.
  std::string viaCallee;
  unsigned viaParam = 0;
  bool viaObject = false;
  friend bool operator==(const LoopAccessFact &, const LoopAccessFact &) = default;
};

/// A call made in a loop's body (nested lambdas included: they may run there).
struct LoopCallFact {
  std::string calleeUsr;  // empty for a call through a pointer
  std::string callee;     // canonical name (CallFact::callee)
  bool system = false;    // as CallFact::system: a library function, a builtin, or implicit
  bool virtualCall = false;  // as CallFact::virtualCall
  Span span;
  friend bool operator==(const LoopCallFact &, const LoopCallFact &) = default;
};

/// A loop of a function body (`for`, range-`for`, `while`, `do`), as byte offsets in its file:
/// the rules order thread starts and joins with it. `for` and range-`for` loops also carry what
/// loop-parallelizable needs to decide whether their iterations are independent and to
/// rewrite them (`kind` is empty for the others, and for loops written through macros).
struct LoopFact {
  unsigned begin = 0, end = 0;
  LoopBound bound = LoopBound::Unknown;  // every loop, for the cost of the functions that run it
  unsigned trips = 0;                    // Constant: the count; Bits: at most this
  /// Index (`for (T i = a; i < b; ++i)`, i not written in the body), Range (range-`for`), For
  /// (any other `for`), None (while and do: offsets only).
  LoopKind kind = LoopKind::None;
  Span span;         // the loop statement
  Span body;         // its body (a block, or one statement)
  bool bodyIsBlock = false;
  std::string var;      // the induction variable or the range-for variable's name
  std::string varDecl;  // "index": its type as written ("std::size_t"); "range": the whole
                        // declaration ("const auto &url")
  /// "index": the bounds, as written, cast to the induction variable's type when their type
  /// differs (`static_cast<std::size_t>(0)`); "range": `first` is the range expression.
  std::string first, last;
  bool firstIsZero = false;    // "index": a starts at literal 0
  std::string lastSizeOf;      // "index": b is `v.size()`: the USR of v
  std::vector<LoopAccessFact> accesses;
  std::vector<ExitFact> exits;   // break, return, goto, co_return, throw leaving the body
  std::vector<Span> continues;   // `continue` statements of this loop
  std::vector<LoopCallFact> calls;
  bool awaits = false;           // the body contains co_await
  /// The body is the one statement `out[i] = f(in[i]);` (index loop) or `out.push_back(f(x));`
  /// (range loop over x) with f a free function: the loop is `map(f)` over `in` (what a
  /// process pool can run). `mapFunction` is f as written, `mapInput` is `in` (index loops;
  /// range loops map their range), `mapCodec` says whether concur::codec carries f's
  /// parameter and result types.
  std::string mapFunction, mapFunctionUsr, mapInput;
  bool mapCodec = false;
  /// The push's or reduction's value is `co_await e`: e's type as written
  /// ("concur::Task<std::string>"), for the gather rewrite.
  std::string awaitedType;
  friend bool operator==(const LoopFact &, const LoopFact &) = default;
};

/// A local object whose destructor waits for a thread (`std::jthread`, a container of them, the
/// future of `std::async`, a thread pool): it joins at the end of its scope.
struct ScopeExitFact {
  std::string id;    // identity of the variable, as in CallFact::objectId
  std::string type;  // canonical class name ("std::jthread", "std::vector<std::jthread>")
  unsigned offset = 0;
  friend bool operator==(const ScopeExitFact &, const ScopeExitFact &) = default;
};

/// One call (or construction of a class object) made directly by a function's body.
/// Calls inside a lambda's body belong to the lambda, not to the enclosing function: the lambda
/// may run elsewhere (a thread, an executor) and only runs here when it is itself called.
struct CallFact {
  std::string calleeUsr;   // USR of the called function; empty for calls through pointers
  std::string callee;      // qualified name without template arguments or inline namespaces
  std::string objectType;  // member call: class of the object; free call: class of arg 0
  bool isMember = false;
  bool isConstruction = false;
  bool resultDiscarded = false;  // the call is a whole expression statement
  bool system = false;           // the callee is declared in a system header, a builtin, or
                                 // written by the compiler (an implicit operator=)
  bool inMacro = false;          // written through a macro: no textual fix is safe
  bool inHandler = false;        // in a catch handler, where co_await cannot be written
  bool virtualCall = false;      // a virtual method called through dispatch (not qualified,
                                 // not final): an overrider the facts do not name may run
  Span span;                     // the whole call expression
  std::vector<std::string> args;  // source text of each argument as written
  /// Thread facts. Identities are the USR of the variable (or field) an expression names:
  /// `t.join()` -> t; `threads[i].join()`, `for (auto &t : threads) t.join()` -> threads;
  /// `&tid` -> tid.
  std::string objectId;   // member call: the object's identity
  std::string objectElementType;  // member call on a container: its element class
  std::string resultId;   // where the result goes: the variable it initialises or is
                          // assigned to, or the container it is pushed into
  std::vector<std::string> argIds;      // per argument: its identity, or ""
  std::vector<std::string> argEntries;  // per argument: USR of the function it names (a
                                        // function, a lambda's call operator, a functor's
                                        // operator()), or ""
  std::vector<std::string> argGlobals;  // per argument: USR of a global (or shared local)
                                        // whose address or reference it passes, or ""
  /// Per argument, the part of that variable it passes, as AccessFact::location writes it
  /// after the USR: "[]" for `&args[i]`, ".f" for `&s.f`, "" for the whole.
  std::vector<std::string> argParts;
  /// Per argument, the variable indexing the element it passes (`&args[i]`), or for an
  /// argument passed by value the variable it is (`(void *)i`), when that is the induction
  /// variable of a loop around the call (AccessFact::slot); or "".
  std::vector<std::string> argSlots;
  /// A member call: where its object comes from, and for ObjectOrigin::Param which parameter.
  ObjectOrigin object = ObjectOrigin::Owned;
  unsigned objectParam = 0;
  /// ObjectOrigin::Shared through a pointer that a lambda captured from the body of a loop:
  /// that pointer (AccessFact::slot without "copy:"): the lambda made in an iteration calls
  /// the iteration's object. An element at an index claimed from an atomic counter: that
  /// claim ("claim:" and the counter's USR, as AccessFact::slot).
  std::string objectSlot;
  /// ObjectOrigin::This on a member object: the object `this` is (GlobalFact::thisObject of
  /// the class declaring the member) and the fields from it to the object (".queue_" for
  /// `queue_.push(x)`, ".impl_.state_"); both "" for `this` itself. ObjectOrigin::Shared on
  /// a variable or a member object of one (`g.inc()`, `g.stats.inc()`, `p->inc()` with `p =
  /// &g`): that variable's USR (or the object a handed-on pointer points to, "USR*") and the
  /// fields; both "" when the object is not named by a variable (an element, a pointer field).
  std::string objectRoot, objectPart;
  std::vector<LockFact> locks;          // held at the call
  unsigned chain = 0;                   // the calls made on every path before it
  /// Calls through a function pointer (`calleeUsr` empty) or a callable object (`cb()` on a
  /// std::function): the place the callee is read from (FlowFact), and, for a pointer, the
  /// called function's type ("void *(void *)"), for the calls the flows leave unresolved.
  std::string via;
  std::string calleeType;
  /// Per argument, the place it passes on: a parameter of the calling function (`USR#N`, any
  /// type), or the variable or field holding a function value (a callable type); or "".
  std::vector<std::string> argSources;
  /// Per argument, the lock it hands over (`&mutex1`, a reference to a mutex, the caller's own
  /// lock parameter "param:N"), or "": locks the callee takes through a parameter
  /// (LockFact "param:N") are these.
  std::vector<std::string> argLocks;
  /// The arms of the `if` statements and conditional expressions the call is in, outermost
  /// first: "3t" (the then-arm of the body's third), "3e" (its else-arm). Two calls in
  /// different arms of one are never both made by one run of the body (exclusiveCalls()).
  std::vector<std::string> branches;
  std::vector<ConditionFact> conditions;  // the tests of globals that hold at the call
  std::vector<ConditionFact> signalsAfter;  // as AccessFact::signalsAfter, for what it runs
  /// Per argument, its value when it is an integer constant (decimal), or "": the callee's
  /// tests of that parameter (ConditionFact "param:N") are decided by it.
  std::vector<std::string> argConstants;
  /// The call is a crash routine, or is made on the way to one (AccessFact::crashes): what the
  /// callee does happens only while the program crashes.
  bool crashes = false;

  friend bool operator==(const CallFact &, const CallFact &) = default;
};

/// What a call does to its caller's locks when one parameter has a constant value, where that
/// differs from the function's summary (FunctionFact::exitLocks): memcached's
/// `pause_threads(PAUSE_ALL_THREADS)` leaves locks held that `pause_threads(RESUME_ALL_THREADS)`
/// releases. The body walked again with the parameter known: the branches on it (`if (p)`,
/// `p == K`, `switch (p)`) decided.
struct ConstantVariantFact {
  unsigned param = 0;
  std::string value;  // as ChainFact::argConstants writes it
  std::vector<LockFact> exitLocks;
  std::vector<std::string> releases;
  unsigned exitChain = 0;
  friend bool operator==(const ConstantVariantFact &, const ConstantVariantFact &) = default;
};

/// A write a function makes through what its caller handed it (FunctionFact::paramWrites):
/// through its parameter `param` (a pointer or a reference to non-const), or, when `object`,
/// through the object it runs on (a method's `*this`, a lambda's captures). Made by the body
/// itself when `callee` is empty; otherwise the body hands that parameter on to `callee`'s
/// parameter `calleeParam` (or object, when `calleeObject`), and writes if that callee does.
struct ParamWriteFact {
  unsigned param = 0;
  bool object = false;
  std::string callee;  // USR
  unsigned calleeParam = 0;
  bool calleeObject = false;
  friend bool operator==(const ParamWriteFact &, const ParamWriteFact &) = default;
};

/// A function (free function, method, constructor, lambda call operator, template
/// instantiation) whose body this TU defines, outside system headers.
struct FunctionFact {
  std::string usr;
  std::string name;  // qualified name for messages ("ns::f", "lambda at a.cpp:3:7")
  Span span;         // the name in the definition
  FunctionKind kind = FunctionKind::Free;
  bool isCoroutine = false;
  std::string coroutineType;  // for coroutines: qualified name of the return type's class
  std::vector<CallFact> calls;
  std::vector<AccessFact> accesses;
  std::vector<LoopFact> loops;
  std::vector<ScopeExitFact> scopeExits;
  std::vector<SuspendFact> suspends;
  std::vector<AwaitFact> awaits;
  std::vector<ForkFact> forks;
  std::vector<ThreadHandleFact> threadHandles;
  std::vector<ManualLockFact> manualLocks;
  /// Lock summary: what calling this function does to the caller's locks. `exitLocks` are
  /// locked by hand on every path and still held when it returns (`void stats_lock() {
  /// pthread_mutex_lock(&m); }`), `releases` the ids of locks it unlocks without having locked
  /// them, `exitChain` the calls made on every path to its end (their summaries add to it).
  std::vector<ChainFact> callChain;
  unsigned exitChain = 0;
  std::vector<LockFact> exitLocks;
  std::vector<std::string> releases;
  std::vector<ParamWriteFact> paramWrites;
  bool indirectCalls = false;  // the body calls through a function pointer (recorded in `calls`
                               // with an empty `calleeUsr` and the place in `via`)
  /// A virtual method: the methods it overrides directly (USRs), for the calls dispatched to it.
  std::vector<std::string> overrides;
  std::vector<ConstantVariantFact> variants;
  bool c = false;              // compiled as C: a fix may not use C++ (the runtime's executors)
  unsigned bodyEnd = 0;  // offset of the body's closing brace
  /// Every path of the body ends in a crash routine (a fatal-error handler that aborts): a call
  /// of it is a crash (CallFact::crashes), in whichever TU it is made.
  bool alwaysCrashes = false;
  friend bool operator==(const FunctionFact &, const FunctionFact &) = default;
};

/// A file the TU read (main file and non-system headers), with a hash of its content as read.
/// Fixes are applied only to files whose content still has this hash.
struct FileFact {
  std::string path;
  std::string hash;
  friend bool operator==(const FileFact &, const FileFact &) = default;
};

/// One declaration of a global or static variable.
struct VarDeclFact {
  Span type;         // the declared type as written (`long` in `static long soma = 0;`)
  Span declaration;  // the whole declaration, up to the semicolon
  bool definition = false;
  bool alone = true;  // the only declarator of its declaration (`int a, b;` is not)
  bool inMacro = false;
  friend bool operator==(const VarDeclFact &, const VarDeclFact &) = default;
};

/// A global or static variable that this TU declares and some function accesses.
/// A field of a shared local that holds another variable's address (`struct args a = {&count}`,
/// `a.count = &count`): a thread given `&a` reaches that variable through `*a->count`.
struct FieldTargetFact {
  std::string part;    // as AccessFact::location writes it after the USR: ".count"
  std::string target;  // USR of the variable whose address it holds
  friend bool operator==(const FieldTargetFact &, const FieldTargetFact &) = default;
};

struct GlobalFact {
  std::string usr;
  std::string name;           // qualified, for messages
  std::string spelling;       // how code in its scope names it: "soma", "Counter::total"
  std::string type;           // canonical class name, or the builtin type ("long")
  std::string typeSpelling;   // the declared type as printed ("std::vector<int>")
  bool integral = false;      // integral or bool: std::atomic<T> supports its operations
  bool atomicType = false;    // std::atomic, atomic_flag, _Atomic
  bool threadLocal = false;
  bool constant = false;
  bool functionLocal = false;
  bool member = false;        // a static data member
  bool c = false;             // declared in C code
  bool isVolatile = false;    // volatile-qualified: often meant as synchronisation, which it is not
  /// A local variable that threads share (its address or a reference to it is handed on, or a
  /// lambda captures it by reference): the USR of the function it is a local of. Each run of
  /// that function has its own. Empty for globals and statics.
  std::string owner;
  /// The object a class's methods run on, as they name it (`this`): one per class ("this:" and
  /// the class's USR), whose fields their accesses through `this` reach. Which runs of the
  /// methods share one is the rule's to decide (FunctionFact::kind, CallFact::object).
  bool thisObject = false;
  std::vector<FieldTargetFact> fieldTargets;  // a shared local's fields holding addresses
  std::vector<VarDeclFact> decls;
  friend bool operator==(const GlobalFact &, const GlobalFact &) = default;
};

/// A class that holds a mutex the RAII way: a constructor takes a mutex of class `mutexClass`
/// (by pointer or reference) and locks it, the destructor unlocks it (leveldb's MutexLock).
/// lock-manual names it for manual locks of that class in TUs that do not see it.
struct GuardClassFact {
  std::string mutexClass;  // USR
  bool shared = false;     // locks in shared mode (a reader guard)
  std::string name;        // qualified: "leveldb::MutexLock"
  bool byPointer = false;  // constructed from the mutex's address
  Span where;              // its name in its declaration
  friend bool operator==(const GuardClassFact &, const GuardClassFact &) = default;
};

/// One flow of function values, for the points-to analysis of function pointers and callables
/// (engine/FunctionPointers.h): the place `to` may hold whatever the place `from` holds or, when
/// `function`, the function `from` names (its address is taken here). A place is a variable
/// (its USR: globals, statics and locals alike), a field of every object of its class (the
/// field's USR; the fields of a union are one place, the union's USR), a function's parameter
/// (`USR#N`) or its result (`USR#ret`); an array or a container is one place with its elements.
struct FlowFact {
  std::string to, from;
  bool function = false;
  std::string type;  // `function`: its type, as CallFact::calleeType writes it
  friend bool operator==(const FlowFact &, const FlowFact &) = default;
};

}  // namespace concurlint

#include "facts/OpenMPFacts.h"  // OmpRegionFact (TUFacts::openmp), after Span and EditFact

namespace concurlint {

struct TUFacts {
  /// Bumped whenever the meaning or shape of the facts changes; caches keyed on it.
  static constexpr int FormatVersion = 26;

  std::string mainFile;
  std::vector<FileFact> files;
  std::vector<FunctionFact> functions;
  std::vector<GlobalFact> globals;
  std::vector<GuardClassFact> guardClasses;  // defined in the TU (headers included), by name
  std::vector<FlowFact> flows;  // of function values: bodies and global initialisers
  std::vector<OmpRegionFact> openmp;  // the parallel regions (OpenMPFacts.h)

  friend bool operator==(const TUFacts &, const TUFacts &) = default;
};

/// Whether two access locations (AccessFact::location) may touch the same memory: "v" (all of
/// the variable) overlaps "v[]" (its elements) and "v.f" (a field); "v#" (a container object
/// without its elements: size(), empty()) overlaps "v" but not "v[]".
bool locationsOverlap(llvm::StringRef A, llvm::StringRef B);

/// Whether two calls of one function body sit in different arms of one `if` or `?:`: one run
/// of the body makes at most one of them.
bool exclusiveCalls(const CallFact &A, const CallFact &B);
/// The condition in `A` that one in `B` contradicts (`g == 1` and `g == 2`, `g == 1` and
/// `g != 1`), or null: no path holds both sets at once.
const ConditionFact *contradiction(const std::vector<ConditionFact> &A,
                                   const std::vector<ConditionFact> &B);
/// The place of a ConditionFact on the value a call returned: the call's CallFact::span.
std::string callResultPlace(const Span &Call);
/// Whether two conditions test the same thing (whatever their text).
bool sameTest(const ConditionFact &A, const ConditionFact &B);
/// Adds `C` to `Set` unless it is there.
void addCondition(std::vector<ConditionFact> &Set, ConditionFact C);
/// Keeps the conditions found in both sets (where two paths join).
std::vector<ConditionFact> commonConditions(const std::vector<ConditionFact> &A,
                                            const std::vector<ConditionFact> &B);
/// The path fact "this path took the lock `L`" (ConditionFact location "acquired:" + its id),
/// for a lock with a name (not "*", "param:N" or a run once): a thread that took the lock its
/// starter held while starting it runs after what the starter did under that hold; nothing
/// for the others.
std::optional<ConditionFact> acquiredCondition(const LockFact &L);
/// Drops the conditions on a global (or its fields) that the path assigns.
void forgetConditions(std::vector<ConditionFact> &Set, llvm::StringRef Var);


/// The hash recorded for a file's content (xxh3, hex): the analysis and the fix applier must
/// agree on it.
std::string contentHash(llvm::StringRef Text);

llvm::json::Value toJSON(const Span &);
llvm::json::Value toJSON(const LockFact &);
llvm::json::Value toJSON(const ConditionFact &);
bool fromJSON(const llvm::json::Value &, ConditionFact &, llvm::json::Path);
llvm::json::Value toJSON(const AccessFact &);
llvm::json::Value toJSON(const LoopFact &);
llvm::json::Value toJSON(const SuspendFact &);
llvm::json::Value toJSON(const ForkFact &);
bool fromJSON(const llvm::json::Value &, ForkFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, SuspendFact &, llvm::json::Path);
llvm::json::Value toJSON(const AwaitFact &);
bool fromJSON(const llvm::json::Value &, AwaitFact &, llvm::json::Path);
llvm::json::Value toJSON(const ScopeExitFact &);
llvm::json::Value toJSON(const ChainFact &);
bool fromJSON(const llvm::json::Value &, ChainFact &, llvm::json::Path);
llvm::json::Value toJSON(const ExitFact &);
llvm::json::Value toJSON(const EditFact &);
llvm::json::Value toJSON(const ThreadHandleFact &);
llvm::json::Value toJSON(const ManualLockFact &);
llvm::json::Value toJSON(const GuardClassFact &);
llvm::json::Value toJSON(const FlowFact &);
llvm::json::Value toJSON(const FieldTargetFact &);
bool fromJSON(const llvm::json::Value &, FieldTargetFact &, llvm::json::Path);
llvm::json::Value toJSON(const ConstantVariantFact &);
bool fromJSON(const llvm::json::Value &, ConstantVariantFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, FlowFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, ExitFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, EditFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, ThreadHandleFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, ManualLockFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, GuardClassFact &, llvm::json::Path);
llvm::json::Value toJSON(const VarDeclFact &);
llvm::json::Value toJSON(const GlobalFact &);
bool fromJSON(const llvm::json::Value &, LockFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, AccessFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, LoopFact &, llvm::json::Path);
llvm::json::Value toJSON(const ParamWriteFact &);
bool fromJSON(const llvm::json::Value &, ParamWriteFact &, llvm::json::Path);
llvm::json::Value toJSON(const LoopAccessFact &);
bool fromJSON(const llvm::json::Value &, LoopAccessFact &, llvm::json::Path);
llvm::json::Value toJSON(const LoopCallFact &);
bool fromJSON(const llvm::json::Value &, LoopCallFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, ScopeExitFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, VarDeclFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, GlobalFact &, llvm::json::Path);
llvm::json::Value toJSON(const CallFact &);
llvm::json::Value toJSON(const FunctionFact &);
llvm::json::Value toJSON(const FileFact &);
llvm::json::Value toJSON(const TUFacts &);
bool fromJSON(const llvm::json::Value &, Span &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, CallFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, FunctionFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, FileFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, TUFacts &, llvm::json::Path);
#define CONCUR_OMP_JSON(Type)                                                                      \
  llvm::json::Value toJSON(const Type &);                                                          \
  bool fromJSON(const llvm::json::Value &, Type &, llvm::json::Path);
CONCUR_OMP_JSON(OmpIndexFact)
CONCUR_OMP_JSON(OmpAccessFact)
CONCUR_OMP_JSON(OmpLoopFact)
CONCUR_OMP_JSON(OmpDependFact)
CONCUR_OMP_JSON(OmpTaskFact)
CONCUR_OMP_JSON(OmpRegionFact)
#undef CONCUR_OMP_JSON

}  // namespace concurlint
