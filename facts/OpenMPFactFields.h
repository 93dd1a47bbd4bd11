// The field lists of the OpenMP facts (OpenMPFacts.h), as FactFields.h lists the others: the
// JSON form and the binary codec are written over them. Included by FactFields.h.
#pragma once

namespace concurlint {

template <class IO, FactOf<OmpIndexFact> T> void describe(IO &io, T &I) {
  auto &[Kind, LoopVar, Coef, Offset, Rest, Fixed] = I;
  io(field("kind", Kind), field("loop_var", LoopVar), field("coef", Coef),
     field("offset", Offset), field("rest", Rest), field("fixed", Fixed));
}

template <class IO, FactOf<OmpAccessFact> T> void describe(IO &io, T &A) {
  auto &[Var, Name, Origin, Scalar, Write, Update, Atomic, Indices, Span_, Criticals, Locks,
         Execution, Unit, Phase, Loop, Task, TaskEpoch, Ordered, Conditional, CalledAt,
         AtomicFix] = A;
  io(field("var", Var), field("name", Name), field("origin", Origin), field("scalar", Scalar),
     field("write", Write), field("update", Update), field("atomic", Atomic),
     field("indices", Indices), field("span", Span_), field("criticals", Criticals),
     field("locks", Locks), field("execution", Execution), field("unit", Unit),
     field("phase", Phase), field("loop", Loop), field("task", Task),
     field("task_epoch", TaskEpoch), field("ordered", Ordered),
     field("conditional", Conditional), field("called_at", CalledAt),
     field("atomic_fix", AtomicFix));
}

template <class IO, FactOf<OmpLoopFact> T> void describe(IO &io, T &L) {
  auto &[Id, Directive, At, Simd, ClauseAt, LoopVars, ClauseVars, Lower, Upper, Safelen] = L;
  io(field("id", Id), field("directive", Directive), field("at", At), field("simd", Simd),
     field("clause_at", ClauseAt), field("loop_vars", LoopVars),
     field("clause_vars", ClauseVars), field("lower", Lower), field("upper", Upper),
     field("safelen", Safelen));
}

template <class IO, FactOf<OmpDependFact> T> void describe(IO &io, T &D) {
  auto &[Var, Kind] = D;
  io(field("var", Var), field("kind", Kind));
}

template <class IO, FactOf<OmpTaskFact> T> void describe(IO &io, T &K) {
  auto &[Id, At, Depends, Repeated, Creator, CreatorUnit, CreatorEpoch] = K;
  io(field("id", Id), field("at", At), field("depends", Depends), field("repeated", Repeated),
     field("creator", Creator), field("creator_unit", CreatorUnit),
     field("creator_epoch", CreatorEpoch));
}

template <class IO, FactOf<OmpRegionFact> T> void describe(IO &io, T &R) {
  auto &[Directive, At, ClauseAt, ClauseVars, Function, C, Accesses, Loops, Tasks, UsedAfter] =
      R;
  io(field("directive", Directive), field("at", At), field("clause_at", ClauseAt),
     field("clause_vars", ClauseVars),
     field("function", Function), field("c", C), field("accesses", Accesses),
     field("loops", Loops), field("tasks", Tasks), field("used_after", UsedAfter));
}

}  // namespace concurlint
