// The one list of every fact's fields (Facts.h): its name in the JSON form and its place in the
// binary one. The JSON writer and reader (Facts.cpp) and the binary codec (FactsCodec.cpp) are
// written once over these lists. Fields are listed in declaration order, which is also their order
// in the binary encoding: changing the order or adding a field changes TUFacts::FormatVersion. The
// structured binding names every member, so a field added to a struct and not here does not
// compile.
#pragma once

#include "facts/Facts.h"

#include "llvm/ADT/StringRef.h"

#include <concepts>
#include <type_traits>

namespace concurlint {

/// `T` is the fact struct `U`, const (writing) or not (reading).
template <class T, class U>
concept FactOf = std::same_as<std::remove_const_t<T>, U>;

/// A field of a fact: its JSON name and the member (const when written, not when read).
template <class T> struct Field {
  llvm::StringLiteral name;
  T &value;
};

template <class T> Field<T> field(llvm::StringLiteral Name, T &Value) { return {Name, Value}; }

template <class IO, FactOf<Span> T> void describe(IO &io, T &S) {
  auto &[File, Line, Column, EndLine, EndColumn, Offset, Length] = S;
  io(field("file", File), field("line", Line), field("column", Column),
     field("end_line", EndLine), field("end_column", EndColumn), field("offset", Offset),
     field("length", Length));
}

template <class IO, FactOf<LockFact> T> void describe(IO &io, T &L) {
  auto &[Id, Name, Shared, Acquired, Guard] = L;
  io(field("id", Id), field("name", Name), field("shared", Shared), field("acquired", Acquired),
     field("guard", Guard));
}

template <class IO, FactOf<ConditionFact> T> void describe(IO &io, T &C) {
  auto &[Location, Value, Equal, Text] = C;
  io(field("location", Location), field("value", Value), field("equal", Equal),
     field("text", Text));
}

template <class IO, FactOf<AccessFact> T> void describe(IO &io, T &A) {
  auto &[Var, Location, Path, Write, Atomic, Form, Locks, Span_, Statement, InMacro, Rewrite,
         RewriteText, Chain, Conditions, SignalsAfter, Crashes, Slot] = A;
  io(field("var", Var), field("location", Location), field("path", Path), field("write", Write),
     field("atomic", Atomic), field("form", Form), field("locks", Locks), field("span", Span_),
     field("statement", Statement), field("in_macro", InMacro), field("rewrite", Rewrite),
     field("rewrite_text", RewriteText), field("chain", Chain), field("conditions", Conditions),
     field("signals_after", SignalsAfter), field("crashes", Crashes), field("slot", Slot));
}

template <class IO, FactOf<SuspendFact> T> void describe(IO &io, T &S) {
  auto &[Span_, Keyword, Locks] = S;
  io(field("span", Span_), field("keyword", Keyword), field("locks", Locks));
}

template <class IO, FactOf<AwaitFact> T> void describe(IO &io, T &A) {
  auto &[Span_, Call, Callee, CalleeUsr, Follows, Reads, Writes, Statement, Form, Declared,
         AwaitedType, ResultVoid] = A;
  io(field("span", Span_), field("call", Call), field("callee", Callee),
     field("callee_usr", CalleeUsr), field("follows", Follows), field("reads", Reads),
     field("writes", Writes), field("statement", Statement), field("form", Form),
     field("declared", Declared), field("awaited_type", AwaitedType),
     field("result_void", ResultVoid));
}

template <class IO, FactOf<ForkFact> T> void describe(IO &io, T &F) {
  auto &[Fork, ChildBegin, ChildEnd, ParentFrom] = F;
  io(field("fork", Fork), field("child_begin", ChildBegin), field("child_end", ChildEnd),
     field("parent_from", ParentFrom));
}

template <class IO, FactOf<ExitFact> T> void describe(IO &io, T &E) {
  auto &[At, How] = E;
  io(field("at", At), field("how", How));
}

template <class IO, FactOf<EditFact> T> void describe(IO &io, T &E) {
  auto &[At, Text] = E;
  io(field("at", At), field("text", Text));
}

template <class IO, FactOf<ThreadHandleFact> T> void describe(IO &io, T &H) {
  auto &[Name, Kind, Decl, Started, Leaks, EntryUsr, Released, JthreadFix] = H;
  io(field("name", Name), field("kind", Kind), field("decl", Decl), field("started", Started),
     field("leaks", Leaks), field("entry_usr", EntryUsr), field("released", Released),
     field("jthread_fix", JthreadFix));
}

template <class IO, FactOf<ManualLockFact> T> void describe(IO &io, T &M) {
  auto &[Lock, Api, Unlocks, Leaks, Relocks, GuardFix, GuardHeader, GuardType, MutexClass] = M;
  io(field("lock", Lock), field("api", Api), field("unlocks", Unlocks), field("leaks", Leaks),
     field("relocks", Relocks), field("guard_fix", GuardFix), field("guard_header", GuardHeader),
     field("guard_type", GuardType), field("mutex_class", MutexClass));
}

template <class IO, FactOf<GuardClassFact> T> void describe(IO &io, T &G) {
  auto &[MutexClass, Shared, Name, ByPointer, Where] = G;
  io(field("mutex_class", MutexClass), field("shared", Shared), field("name", Name),
     field("by_pointer", ByPointer), field("where", Where));
}

template <class IO, FactOf<ChainFact> T> void describe(IO &io, T &C) {
  auto &[Callee, Parent, ArgLocks, ArgConstants] = C;
  io(field("callee", Callee), field("parent", Parent), field("arg_locks", ArgLocks),
     field("arg_constants", ArgConstants));
}

template <class IO, FactOf<ConstantVariantFact> T> void describe(IO &io, T &V) {
  auto &[Param, Value, ExitLocks, Releases, ExitChain] = V;
  io(field("param", Param), field("value", Value), field("exit_locks", ExitLocks),
     field("releases", Releases), field("exit_chain", ExitChain));
}

template <class IO, FactOf<LoopAccessFact> T> void describe(IO &io, T &A) {
  auto &[Var, Name, How, Written, Op, Span_, Statement, Value, Origin, Type, Pointer, Floating,
         ViaCallee, ViaParam, ViaObject] = A;
  io(field("var", Var), field("name", Name), field("how", How), field("written", Written),
     field("op", Op), field("span", Span_), field("statement", Statement), field("value", Value),
     field("origin", Origin), field("type", Type), field("pointer", Pointer),
     field("floating", Floating), field("via_callee", ViaCallee),
     field("via_param", ViaParam), field("via_object", ViaObject));
}

template <class IO, FactOf<ParamWriteFact> T> void describe(IO &io, T &W) {
  auto &[Param, Object, Callee, CalleeParam, CalleeObject] = W;
  io(field("param", Param), field("object", Object), field("callee", Callee),
     field("callee_param", CalleeParam), field("callee_object", CalleeObject));
}

template <class IO, FactOf<LoopCallFact> T> void describe(IO &io, T &C) {
  auto &[CalleeUsr, Callee, System, VirtualCall, Span_] = C;
  io(field("callee_usr", CalleeUsr), field("callee", Callee), field("system", System),
     field("virtual", VirtualCall), field("span", Span_));
}

template <class IO, FactOf<LoopFact> T> void describe(IO &io, T &L) {
  auto &[Begin, End, Bound, Trips, Kind, Span_, Body, BodyIsBlock, Var, VarDecl, First, Last, FirstIsZero,
         LastSizeOf, Accesses, Exits, Continues, Calls, Awaits, MapFunction, MapFunctionUsr,
         MapInput, MapCodec, AwaitedType] = L;
  io(field("begin", Begin), field("end", End), field("bound", Bound), field("trips", Trips),
     field("kind", Kind), field("span", Span_),
     field("body", Body), field("body_is_block", BodyIsBlock), field("var", Var),
     field("var_decl", VarDecl), field("first", First), field("last", Last),
     field("first_is_zero", FirstIsZero), field("last_size_of", LastSizeOf),
     field("accesses", Accesses), field("exits", Exits), field("continues", Continues),
     field("calls", Calls), field("awaits", Awaits), field("map_function", MapFunction),
     field("map_function_usr", MapFunctionUsr), field("map_input", MapInput),
     field("map_codec", MapCodec), field("awaited_type", AwaitedType));
}

template <class IO, FactOf<ScopeExitFact> T> void describe(IO &io, T &S) {
  auto &[Id, Type, Offset] = S;
  io(field("id", Id), field("type", Type), field("offset", Offset));
}

template <class IO, FactOf<CallFact> T> void describe(IO &io, T &C) {
  auto &[CalleeUsr, Callee, ObjectType, IsMember, IsConstruction, ResultDiscarded, System,
         InMacro, InHandler, VirtualCall, Span_, Args, ObjectId, ObjectElementType, ResultId, ArgIds,
         ArgEntries, ArgGlobals, ArgParts, ArgSlots, Object, ObjectParam, ObjectSlot, ObjectRoot,
         ObjectPart, Locks, Chain, Via, CalleeType, ArgSources,
         ArgLocks, Branches, Conditions, SignalsAfter, ArgConstants, Crashes] = C;
  io(field("callee_usr", CalleeUsr), field("callee", Callee), field("object_type", ObjectType),
     field("member", IsMember), field("construction", IsConstruction),
     field("result_discarded", ResultDiscarded), field("system", System),
     field("in_macro", InMacro), field("in_handler", InHandler), field("virtual", VirtualCall),
     field("span", Span_),
     field("args", Args), field("object_id", ObjectId),
     field("object_element_type", ObjectElementType), field("result_id", ResultId),
     field("arg_ids", ArgIds), field("arg_entries", ArgEntries), field("arg_globals", ArgGlobals),
     field("arg_parts", ArgParts), field("arg_slots", ArgSlots), field("object", Object),
     field("object_param", ObjectParam), field("object_slot", ObjectSlot),
     field("object_root", ObjectRoot), field("object_part", ObjectPart), field("locks", Locks),
     field("chain", Chain), field("via", Via),
     field("callee_type", CalleeType), field("arg_sources", ArgSources),
     field("arg_locks", ArgLocks), field("branches", Branches), field("conditions", Conditions),
     field("signals_after", SignalsAfter), field("arg_constants", ArgConstants),
     field("crashes", Crashes));
}

template <class IO, FactOf<FlowFact> T> void describe(IO &io, T &F) {
  auto &[To, From, Function, Type] = F;
  io(field("to", To), field("from", From), field("function", Function), field("type", Type));
}

template <class IO, FactOf<FunctionFact> T> void describe(IO &io, T &F) {
  auto &[Usr, Name, Span_, Kind, IsCoroutine, CoroutineType, Calls, Accesses, Loops, ScopeExits,
         Suspends, Awaits, Forks, ThreadHandles, ManualLocks, CallChain, ExitChain, ExitLocks,
         Releases, ParamWrites, IndirectCalls, Overrides, Variants, C, BodyEnd, AlwaysCrashes] = F;
  io(field("usr", Usr), field("name", Name), field("span", Span_), field("kind", Kind),
     field("coroutine", IsCoroutine), field("coroutine_type", CoroutineType),
     field("calls", Calls), field("accesses", Accesses), field("loops", Loops),
     field("scope_exits", ScopeExits), field("suspends", Suspends), field("awaits", Awaits),
     field("forks", Forks), field("thread_handles", ThreadHandles),
     field("manual_locks", ManualLocks), field("call_chain", CallChain),
     field("exit_chain", ExitChain), field("exit_locks", ExitLocks), field("releases", Releases),
     field("param_writes", ParamWrites), field("indirect_calls", IndirectCalls),
     field("overrides", Overrides), field("variants", Variants), field("c", C),
     field("body_end", BodyEnd), field("always_crashes", AlwaysCrashes));
}

template <class IO, FactOf<FileFact> T> void describe(IO &io, T &F) {
  auto &[Path, Hash] = F;
  io(field("path", Path), field("hash", Hash));
}

template <class IO, FactOf<VarDeclFact> T> void describe(IO &io, T &D) {
  auto &[Type, Declaration, Definition, Alone, InMacro] = D;
  io(field("type", Type), field("declaration", Declaration), field("definition", Definition),
     field("alone", Alone), field("in_macro", InMacro));
}

template <class IO, FactOf<FieldTargetFact> T> void describe(IO &io, T &F) {
  auto &[Part, Target] = F;
  io(field("part", Part), field("target", Target));
}

template <class IO, FactOf<GlobalFact> T> void describe(IO &io, T &G) {
  auto &[Usr, Name, Spelling, Type, TypeSpelling, Integral, AtomicType, ThreadLocal, Constant,
         FunctionLocal, Member, C, Volatile, Owner, ThisObject, FieldTargets, Decls] = G;
  io(field("usr", Usr), field("name", Name), field("spelling", Spelling), field("type", Type),
     field("type_spelling", TypeSpelling), field("integral", Integral),
     field("atomic_type", AtomicType), field("thread_local", ThreadLocal),
     field("constant", Constant), field("function_local", FunctionLocal), field("member", Member),
     field("c", C), field("volatile", Volatile), field("owner", Owner),
     field("this_object", ThisObject), field("field_targets", FieldTargets),
     field("decls", Decls));
}

template <class IO, FactOf<TUFacts> T> void describe(IO &io, T &U) {
  auto &[MainFile, Files, Functions, Globals, GuardClasses, Flows, OpenMP] = U;
  io(field("main_file", MainFile), field("files", Files), field("functions", Functions),
     field("globals", Globals), field("guard_classes", GuardClasses), field("flows", Flows),
     field("openmp", OpenMP));
}

}  // namespace concurlint

#include "facts/OpenMPFactFields.h"
